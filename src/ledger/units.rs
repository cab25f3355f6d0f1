//! `unit` and `unit_alias`: the unit directory (names, kinds, order, aliases).

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};

use super::Write;
use crate::error::{Error, Result};
use crate::model::{Unit, UnitKind};

repository!(
    /// The unit directory.
    Units
);

/// Positions are grouped by kind: departments first, then towns, then group words; within a
/// kind, the order of first appearance.
const KIND_BLOCK: i64 = 10_000;

fn kind_base(kind: UnitKind) -> i64 {
    match kind {
        UnitKind::Department => 0,
        UnitKind::Town => KIND_BLOCK,
        UnitKind::Group => 2 * KIND_BLOCK,
    }
}

fn kind_of(text: &str) -> rusqlite::Result<UnitKind> {
    UnitKind::parse(text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, format!("unit kind {text}").into())
    })
}

impl<M> Units<'_, M> {
    /// The directory in its order.
    pub fn directory(&self) -> Result<Vec<Unit>> {
        let mut aliases: HashMap<i64, Vec<String>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached("SELECT unit_id, alias FROM unit_alias ORDER BY alias")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            aliases.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
        let mut stmt = self.conn.prepare_cached("SELECT id, name, kind, position FROM unit ORDER BY position, id")?;
        let rows = stmt.query_map([], |r| {
            Ok(Unit {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: kind_of(&r.get::<_, String>(2)?)?,
                aliases: Vec::new(),
                position: r.get(3)?,
            })
        })?;
        let mut units: Vec<Unit> = rows.collect::<rusqlite::Result<_>>()?;
        for u in &mut units {
            u.aliases = aliases.remove(&u.id).unwrap_or_default();
        }
        Ok(units)
    }

    /// A unit by its name or one of its aliases.
    pub fn find(&self, name: &str) -> Result<Option<Unit>> {
        let name = name.trim();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM unit WHERE name = ?1 UNION SELECT unit_id FROM unit_alias WHERE alias = ?1")?;
        let Some(id) = stmt.query_row([name], |r| r.get::<_, i64>(0)).optional()? else {
            return Ok(None);
        };
        let (name, kind, position): (String, String, i64) =
            self.conn.query_row("SELECT name, kind, position FROM unit WHERE id = ?", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        let mut stmt = self.conn.prepare_cached("SELECT alias FROM unit_alias WHERE unit_id = ? ORDER BY alias")?;
        let aliases = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(Some(Unit { id, name, kind: kind_of(&kind)?, aliases, position }))
    }

    /// A unit by its name or an alias; the error suggests names that look alike.
    pub fn get(&self, name: &str) -> Result<Unit> {
        if let Some(u) = self.find(name)? {
            return Ok(u);
        }
        let name = name.trim();
        let units = self.directory()?;
        let core: String = name.trim_start_matches('区').trim_end_matches(['局', '办']).to_string();
        let similar: Vec<&str> = units
            .iter()
            .filter(|u| !core.is_empty() && (u.name.contains(&core) || core.contains(u.name.trim_start_matches('区'))))
            .map(|u| u.name.as_str())
            .take(5)
            .collect();
        let hint = if similar.is_empty() {
            "请在单位目录中查看正确的名称。".to_string()
        } else {
            format!("是否指：{}？", similar.join("、"))
        };
        Err(Error::UnknownUnit { name: name.to_string(), hint })
    }
}

impl Units<'_, Write> {
    /// The id of a unit by name or alias; a new name is added to the directory.
    pub fn ensure(&self, name: &str) -> Result<i64> {
        let name = name.trim();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM unit WHERE name = ?1 UNION SELECT unit_id FROM unit_alias WHERE alias = ?1")?;
        if let Some(id) = stmt.query_row([name], |r| r.get(0)).optional()? {
            return Ok(id);
        }
        let kind = UnitKind::of_name(name);
        let base = kind_base(kind);
        let position: i64 = self.conn.query_row(
            "SELECT coalesce(max(position) + 1, ?1) FROM unit WHERE position >= ?1 AND position < ?1 + ?2",
            params![base, KIND_BLOCK],
            |r| r.get(0),
        )?;
        self.conn.execute("INSERT INTO unit (name, kind, position) VALUES (?, ?, ?)", params![name, kind.as_str(), position])?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn add_alias(&self, unit_id: i64, alias: &str) -> Result<()> {
        self.conn.execute("INSERT OR IGNORE INTO unit_alias (alias, unit_id) VALUES (?, ?)", params![alias, unit_id])?;
        Ok(())
    }

    /// Renames a unit; the old name stays as an alias.
    pub fn rename(&self, unit: &Unit, new_name: &str) -> Result<()> {
        self.conn.execute("DELETE FROM unit_alias WHERE alias = ?", [new_name])?;
        self.conn.execute("UPDATE unit SET name = ? WHERE id = ?", params![new_name, unit.id])?;
        self.add_alias(unit.id, &unit.name)
    }

    /// Removes unit `from` after its links moved to `into`: its aliases and name become
    /// aliases of `into`.
    pub fn fold_into(&self, from: &Unit, into: &Unit) -> Result<()> {
        self.conn.execute("UPDATE unit_alias SET unit_id = ? WHERE unit_id = ?", params![into.id, from.id])?;
        self.conn.execute("DELETE FROM unit WHERE id = ?", [from.id])?;
        self.add_alias(into.id, &from.name)
    }

    pub fn set_position(&self, unit_id: i64, position: i64) -> Result<()> {
        self.conn.execute("UPDATE unit SET position = ? WHERE id = ?", params![position, unit_id])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::testing;

    #[test]
    fn directory_in_order_of_kind() {
        let (_dir, ledger) = testing::ledger();
        let units = ledger.units().directory().unwrap();
        let first_town = units.iter().position(|u| u.kind == UnitKind::Town).unwrap();
        let first_group = units.iter().position(|u| u.kind == UnitKind::Group).unwrap();
        assert!(units[..first_town].iter().all(|u| u.kind == UnitKind::Department));
        assert!(first_town < first_group);
        assert!(units[first_group..].iter().all(|u| u.kind == UnitKind::Group));
    }

    #[test]
    fn find_by_name_or_alias_and_suggest() {
        let (_dir, mut ledger) = testing::ledger();
        let u = ledger.units().get("区环保分局").unwrap();
        ledger.write(|tx| tx.units().add_alias(u.id, "环保分局")).unwrap();
        assert_eq!(ledger.units().get("环保分局").unwrap().name, "区环保分局");
        let err = ledger.units().get("区环保局").unwrap_err();
        assert_eq!(err.code(), "unknown_unit");
        assert!(err.to_string().contains("区环保分局"), "{err}");
    }

    #[test]
    fn ensure_adds_a_new_name_in_its_kind_block() {
        let (_dir, mut ledger) = testing::ledger();
        let known = ledger.units().get("区建设局").unwrap().id;
        let (same, town) = ledger.write(|tx| Ok((tx.units().ensure("区建设局")?, tx.units().ensure("新城街道")?))).unwrap();
        assert_eq!(same, known);
        let t = ledger.units().get("新城街道").unwrap();
        assert_eq!((t.id, t.kind), (town, UnitKind::Town));
        assert!((KIND_BLOCK..2 * KIND_BLOCK).contains(&t.position));
    }

    #[test]
    fn rename_keeps_the_old_name_as_alias() {
        let (_dir, mut ledger) = testing::ledger();
        let u = ledger.units().get("区经信局").unwrap();
        ledger.write(|tx| tx.units().rename(&u, "区经济和信息化局")).unwrap();
        let renamed = ledger.units().get("区经信局").unwrap();
        assert_eq!(renamed.name, "区经济和信息化局");
        assert_eq!(renamed.aliases, vec!["区经信局"]);
    }
}
