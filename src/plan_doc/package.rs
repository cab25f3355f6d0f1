//! The file around the document: a `.docx` is a zip package whose main part is
//! `word/document.xml` (named by `_rels/.rels`); an old `.doc`, and a `.docx` saved with a
//! password (MS-OFFCRYPTO: an OLE compound file holding `EncryptionInfo` and
//! `EncryptedPackage` streams), are OLE compound files. Everything read is bounded, so that a
//! truncated download, a renamed file or a zip bomb gets a clear refusal rather than a hang.

use std::io::{Cursor, Read};

use quick_xml::events::Event;

use super::PlanDocError;

/// The largest file accepted (a plan with pictures is a few MB).
pub const MAX_FILE_BYTES: u64 = 200 << 20;
/// The largest main document part accepted, uncompressed.
pub const MAX_DOCUMENT_BYTES: u64 = 50 << 20;
/// The largest relationships part read to find the main part.
const MAX_RELS_BYTES: u64 = 1 << 20;

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What an OLE compound file holds, as far as importing is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OleKind {
    /// `EncryptionInfo` + `EncryptedPackage`: a password-protected OOXML file.
    EncryptedPackage,
    /// Anything else: an old binary `.doc` (or `.xls`, `.ppt`).
    Binary,
}

/// Tells an encrypted OOXML package from an old binary document.
pub fn ole_kind(bytes: &[u8]) -> OleKind {
    let parsed = std::panic::catch_unwind(|| {
        cfb::CompoundFile::open(Cursor::new(bytes))
            .ok()
            .map(|c| c.is_stream("/EncryptionInfo") && c.is_stream("/EncryptedPackage"))
    });
    match parsed {
        Ok(Some(true)) => OleKind::EncryptedPackage,
        Ok(Some(false)) => OleKind::Binary,
        // A damaged directory: fall back to the stream names as they are stored (UTF-16LE).
        _ => {
            let utf16 = |s: &str| s.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>();
            let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
            if has(&utf16("EncryptedPackage")) && has(&utf16("EncryptionInfo")) {
                OleKind::EncryptedPackage
            } else {
                OleKind::Binary
            }
        }
    }
}

/// The main document part of a `.docx`, as text, or why it cannot be had.
pub fn main_document(file: &str, bytes: &[u8]) -> Result<String, PlanDocError> {
    let file_s = || file.to_string();
    if bytes.is_empty() {
        return Err(PlanDocError::NotWord { file: file_s(), what: "：文件是空的（0 字节）".into() });
    }
    if bytes.starts_with(&OLE_MAGIC) {
        return Err(match ole_kind(bytes) {
            OleKind::EncryptedPackage => PlanDocError::Encrypted { file: file_s() },
            OleKind::Binary => PlanDocError::OldDoc { file: file_s() },
        });
    }
    if !bytes.starts_with(b"PK") {
        return Err(PlanDocError::NotWord { file: file_s(), what: sniff_other(bytes) });
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| PlanDocError::Corrupt { file: file_s(), detail: "压缩包不完整，打不开".into() })?;
    let main = main_part_name(file, &mut zip)?;
    let Some(main) = main else {
        let what = if zip.index_for_name("xl/workbook.xml").is_some() {
            "：它是 Excel 表格（可能被改了扩展名）；表格形式的清单请用“导入清单”".to_string()
        } else if zip.index_for_name("ppt/presentation.xml").is_some() {
            "：它是 PowerPoint 演示文稿".to_string()
        } else {
            "：压缩包中没有 Word 正文（word/document.xml）".to_string()
        };
        return Err(PlanDocError::NotWord { file: file_s(), what });
    };
    let data = read_entry(file, &mut zip, &main, MAX_DOCUMENT_BYTES, "正文")?;
    decode_xml_text(file, data)
}

/// Describes a file that is neither a zip nor an OLE compound file.
fn sniff_other(bytes: &[u8]) -> String {
    let head: Vec<u8> = bytes.iter().take(512).copied().collect();
    let lower = String::from_utf8_lossy(&head).to_lowercase();
    let trimmed = lower.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("{\\rtf") {
        "：它是 RTF 格式（扩展名可能是 .doc）".into()
    } else if trimmed.starts_with("%pdf") {
        "：它是 PDF 文件".into()
    } else if trimmed.starts_with("mime-version") || lower.contains("multipart/related") {
        "：它是“单个文件网页”（.mht）格式（扩展名可能是 .doc）".into()
    } else if trimmed.starts_with("<html") || trimmed.starts_with("<!doctype html") || lower.contains("<html") {
        "：它是网页（HTML）格式（扩展名可能是 .doc）".into()
    } else if trimmed.starts_with("<?xml") && lower.contains("wordml") {
        "：它是 Word 2003 XML 格式".into()
    } else {
        "，也不是其他可识别的文档格式".into()
    }
}

/// The main part's name from `_rels/.rels` (its `officeDocument` relationship), or
/// `word/document.xml` when the package has no usable relationships part.
fn main_part_name(file: &str, zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<Option<String>, PlanDocError> {
    let mut target = None;
    if zip.index_for_name("_rels/.rels").is_some() {
        let rels = read_entry(file, zip, "_rels/.rels", MAX_RELS_BYTES, "关系表")?;
        let text = String::from_utf8_lossy(&rels);
        let mut reader = quick_xml::Reader::from_str(&text);
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                    let mut ty = String::new();
                    let mut tg = String::new();
                    for a in e.attributes().flatten() {
                        let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map(|v| v.to_string()).unwrap_or_default();
                        match a.key.local_name().as_ref() {
                            "Type" => ty = v,
                            "Target" => tg = v,
                            _ => {}
                        }
                    }
                    if ty.ends_with("/officeDocument") && !tg.is_empty() {
                        target = Some(tg.trim_start_matches('/').to_string());
                        break;
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
    }
    let name = match target {
        Some(t) if zip.index_for_name(&t).is_some() => Some(t),
        _ => zip.index_for_name("word/document.xml").map(|_| "word/document.xml".to_string()),
    };
    // A relationships part naming a spreadsheet or a presentation is not a Word document.
    Ok(name.filter(|n| n.ends_with(".xml") && !n.starts_with("xl/") && !n.starts_with("ppt/")))
}

/// Reads one entry, refusing more than `limit` bytes whatever its header declares.
fn read_entry(
    file: &str,
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
    what: &str,
) -> Result<Vec<u8>, PlanDocError> {
    let corrupt = |detail: String| PlanDocError::Corrupt { file: file.to_string(), detail };
    let entry = zip.by_name(name).map_err(|_| corrupt(format!("其中的 {name} 无法读取")))?;
    if entry.size() > limit {
        return Err(PlanDocError::TooLarge { file: file.to_string(), what: format!("{what}解压后"), limit_mb: limit >> 20 });
    }
    let mut data = Vec::with_capacity(entry.size().min(limit) as usize);
    let read = entry.take(limit + 1).read_to_end(&mut data);
    match read {
        Ok(_) if data.len() as u64 > limit => {
            Err(PlanDocError::TooLarge { file: file.to_string(), what: format!("{what}解压后"), limit_mb: limit >> 20 })
        }
        Ok(_) => Ok(data),
        Err(_) => Err(corrupt(format!("其中的 {name} 解压失败"))),
    }
}

/// The XML part as text: UTF-8 (with or without a byte order mark) or UTF-16 with one.
fn decode_xml_text(file: &str, data: Vec<u8>) -> Result<String, PlanDocError> {
    let corrupt = |detail: &str| PlanDocError::Corrupt { file: file.to_string(), detail: detail.to_string() };
    if data.starts_with(&[0xFF, 0xFE]) || data.starts_with(&[0xFE, 0xFF]) {
        let le = data[0] == 0xFF;
        let units = data[2..]
            .chunks_exact(2)
            .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) });
        return char::decode_utf16(units).collect::<Result<String, _>>().map_err(|_| corrupt("正文编码错误"));
    }
    let data = if data.starts_with(&[0xEF, 0xBB, 0xBF]) { data[3..].to_vec() } else { data };
    String::from_utf8(data).map_err(|_| corrupt("正文编码错误"))
}
