; 督办台账 — per-user installer for Windows 10/11 (x64), built on Linux with Debian's makensis:
;
;   makensis -DVERSION=0.1.0 -DSTAGE=/abs/dir -DOUTFILE=/abs/督办台账-0.1.0-setup.exe \
;            -DICON=/abs/icon.ico windows/installer.nsi
;
; (scripts/build-windows.sh does this.) STAGE is the portable folder; what is installed from it:
; taizhang-app.exe, taizhang.exe, WebView2Loader.dll. No plug-in beyond those shipped with NSIS, no
; download, no administrator rights: everything goes under the user's own profile.
;
; For IT (see docs/windows.md):
;   督办台账-x.y.z-setup.exe /S                 silent install (or upgrade) into the default folder
;   督办台账-x.y.z-setup.exe /S /D=C:\其他\目录   ... into another folder (/D= last, no quotes)
;   督办台账-x.y.z-setup.exe /S /ADDTOPATH      ... and put taizhang.exe on the user's PATH
;   "%LOCALAPPDATA%\Programs\督办台账\uninstall.exe" /S   silent uninstall
; The ledger (%APPDATA%\taizhang\) is never touched by installing, upgrading or uninstalling.

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION | STAGE | OUTFILE | ICON
  !error "define VERSION, STAGE, OUTFILE and ICON (see the head of this file)"
!endif

!define PRODUCT "督办台账"
!define PUBLISHER "督办台账"
!define APP_EXE "taizhang-app.exe"
!define CLI_EXE "taizhang.exe"
; The identifier in src-tauri/tauri.conf.json: names the uninstall entry and WebView2's data folder.
!define APP_ID "cn.taizhang.ledger"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define ENV_KEY "Environment"
; The WebView2 runtime's client id; Microsoft documents its "pv" value under EdgeUpdate\Clients
; (per machine: HKLM, WOW6432Node on 64-bit Windows; per user: HKCU).
!define WEBVIEW2_CLIENT "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WEBVIEW2_MISSING "本机没有找到 Microsoft Edge WebView2 运行时，督办台账的窗口需要它才能打开（命令行 taizhang.exe 不需要）。安装会继续；请联系信息技术人员安装“Microsoft Edge WebView2 运行时”（离线安装包 MicrosoftEdgeWebView2RuntimeInstallerX64.exe）。"
!define WEBVIEW2_MISSING_TITLE "督办台账安装 - 需要 WebView2 运行时"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "Sections.nsh"
!include "FileFunc.nsh"
!include "WinMessages.nsh"

Var PreviousDir      ; where an earlier version is installed, or ""
Var PathWasAdded     ; "1" when an earlier install put its folder on PATH
Var WebView2Version  ; the runtime's version, or "" when it is missing

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_SMALLDESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开督办台账"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "将从本机卸载督办台账程序。账本和备份（$APPDATA\taizhang\）不会被删除；换电脑或重装后仍可使用，不再需要时可自行删除该文件夹。"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; ---------------------------------------------------------------------------------------------
; The user's PATH (HKCU\Environment "Path"), as a list of folders separated by ";".

; Splits $R0 at its first ";": $R1 = the first entry, $R0 = the rest ("" when none is left).
!macro SPLIT_FIRST_ENTRY
  StrCpy $R9 0
  ${Do}
    StrCpy $R8 $R0 1 $R9
    ${If} $R8 == ""
      StrCpy $R1 $R0
      StrCpy $R0 ""
      ${Break}
    ${ElseIf} $R8 == ";"
      StrCpy $R1 $R0 $R9
      IntOp $R9 $R9 + 1
      StrCpy $R0 $R0 "" $R9
      ${Break}
    ${EndIf}
    IntOp $R9 $R9 + 1
  ${Loop}
!macroend

; Removes every entry equal to $INSTDIR (case-insensitive, with or without a trailing "\").
!macro PATH_REMOVE_FUNCTION un
Function ${un}PathRemove
  Push $R0
  Push $R1
  Push $R2
  Push $R8
  Push $R9
  ReadRegStr $R0 HKCU "${ENV_KEY}" "Path"
  StrLen $R2 $R0
  ${If} $R2 >= ${NSIS_MAX_STRLEN}
    ; Too long to be read whole: leave it as it is rather than cut it.
    DetailPrint "用户环境变量 PATH 太长，未自动修改；请在“编辑账户的环境变量”中删除：$INSTDIR"
  ${Else}
    StrCpy $R2 ""
    ${DoWhile} $R0 != ""
      !insertmacro SPLIT_FIRST_ENTRY
      ${If} $R1 != ""
      ${AndIf} $R1 != "$INSTDIR"
      ${AndIf} $R1 != "$INSTDIR\"
        ${If} $R2 == ""
          StrCpy $R2 $R1
        ${Else}
          StrCpy $R2 "$R2;$R1"
        ${EndIf}
      ${EndIf}
    ${Loop}
    ${If} $R2 == ""
      DeleteRegValue HKCU "${ENV_KEY}" "Path"
    ${Else}
      WriteRegExpandStr HKCU "${ENV_KEY}" "Path" $R2
    ${EndIf}
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
  ${EndIf}
  Pop $R9
  Pop $R8
  Pop $R2
  Pop $R1
  Pop $R0
FunctionEnd
!macroend
!insertmacro PATH_REMOVE_FUNCTION ""
!insertmacro PATH_REMOVE_FUNCTION "un."

; Appends $INSTDIR unless it is there already. Sets "PathAdded" in the uninstall entry.
Function PathAdd
  Push $R0
  Push $R1
  Push $R2
  Push $R8
  Push $R9
  ReadRegStr $R0 HKCU "${ENV_KEY}" "Path"
  StrLen $R2 $R0
  IntOp $R2 $R2 + 260
  ${If} $R2 >= ${NSIS_MAX_STRLEN}
    DetailPrint "用户环境变量 PATH 太长，未自动加入；如需在命令提示符中直接运行 taizhang，请手动加入：$INSTDIR"
  ${Else}
    StrCpy $R2 $R0  ; the value as read
    StrCpy $R8 "no"
    ${DoWhile} $R0 != ""
      Push $R8
      !insertmacro SPLIT_FIRST_ENTRY
      Pop $R8
      ${If} $R1 == "$INSTDIR"
      ${OrIf} $R1 == "$INSTDIR\"
        StrCpy $R8 "yes"
      ${EndIf}
    ${Loop}
    ${If} $R8 == "no"
      ${If} $R2 == ""
        WriteRegExpandStr HKCU "${ENV_KEY}" "Path" "$INSTDIR"
      ${Else}
        WriteRegExpandStr HKCU "${ENV_KEY}" "Path" "$R2;$INSTDIR"
      ${EndIf}
      SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
    ${EndIf}
    WriteRegStr HKCU "${UNINST_KEY}" "PathAdded" "1"
    DetailPrint "已把 $INSTDIR 加入当前用户的 PATH（新打开的命令提示符中可直接运行 taizhang）"
  ${EndIf}
  Pop $R9
  Pop $R8
  Pop $R2
  Pop $R1
  Pop $R0
FunctionEnd

; ---------------------------------------------------------------------------------------------

; Sets $WebView2Version from the registry values Microsoft documents for detecting the runtime.
Function FindWebView2
  StrCpy $WebView2Version ""
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\${WEBVIEW2_CLIENT}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKLM "SOFTWARE\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $0 != ""
  ${AndIf} $0 != "0.0.0.0"
    StrCpy $WebView2Version $0
  ${EndIf}
FunctionEnd


Section "!督办台账（程序）" SecMain
  SectionIn RO
  SetShellVarContext current
  SetRegView 64

  ; An earlier version in another folder: take its program away first (never the ledger).
  ${If} $PreviousDir != ""
  ${AndIf} $PreviousDir != $INSTDIR
  ${AndIf} ${FileExists} "$PreviousDir\uninstall.exe"
    DetailPrint "移除旧版本：$PreviousDir"
    ExecWait '"$PreviousDir\uninstall.exe" /S /UPGRADE _?=$PreviousDir'
    Delete "$PreviousDir\uninstall.exe"
    RMDir "$PreviousDir"
  ${EndIf}

  ; A running copy cannot be replaced: ask to close it (in silent mode, give up with status 2).
  ${DoWhile} ${FileExists} "$INSTDIR\${APP_EXE}"
    ClearErrors
    FileOpen $0 "$INSTDIR\${APP_EXE}" a
    ${IfNot} ${Errors}
      FileClose $0
      ${Break}
    ${EndIf}
    ${If} ${Cmd} `MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "督办台账正在运行，无法更新。请先关闭督办台账窗口，再点“重试”。" /SD IDCANCEL IDCANCEL`
      SetErrorLevel 2
      Quit
    ${EndIf}
  ${Loop}

  SetOutPath "$INSTDIR"
  SetOverwrite on
  ; Recreated below when chosen: an upgrade that drops it leaves no stale one.
  Delete "$DESKTOP\${PRODUCT}.lnk"
  File "${STAGE}\${APP_EXE}"
  File "${STAGE}\${CLI_EXE}"
  File "${STAGE}\WebView2Loader.dll"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 SW_SHOWNORMAL "" "行动方案任务责任台账"

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegStr HKCU "${UNINST_KEY}" "Comments" "账本保存在 %APPDATA%\taizhang\，卸载时不删除"
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  DeleteRegValue HKCU "${UNINST_KEY}" "PathAdded"
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"

  ${If} $WebView2Version == ""
    DetailPrint "${WEBVIEW2_MISSING}"
  ${Else}
    DetailPrint "WebView2 运行时：$WebView2Version"
  ${EndIf}
  DetailPrint "账本位置（安装、升级、卸载都不会改动）：$APPDATA\taizhang\"
SectionEnd

Section "桌面快捷方式" SecDesktop
  SetShellVarContext current
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 SW_SHOWNORMAL "" "行动方案任务责任台账"
SectionEnd

Section /o "把命令行 taizhang 加入 PATH（仅当前用户）" SecPath
  SetRegView 64
  Call PathAdd
SectionEnd

; Upgrading from a version that had it on PATH, without it now: take it off.
Section "-PathCleanup"
  SetRegView 64
  ${If} $PathWasAdded == "1"
  ${AndIfNot} ${SectionIsSelected} ${SecPath}
    Call PathRemove
  ${EndIf}
SectionEnd

Function .onInit
  SetShellVarContext current
  SetRegView 64
  ReadRegStr $PreviousDir HKCU "${UNINST_KEY}" "InstallLocation"
  ReadRegStr $PathWasAdded HKCU "${UNINST_KEY}" "PathAdded"
  ; An upgrade keeps the earlier choice; /ADDTOPATH asks for it (for silent installs).
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/ADDTOPATH" $1
  ${IfNot} ${Errors}
  ${OrIf} $PathWasAdded == "1"
    SectionSetFlags ${SecPath} ${SF_SELECTED}
  ${EndIf}
  Call FindWebView2
  ${If} $WebView2Version == ""
  ${AndIfNot} ${Silent}
    ; MessageBoxW directly, for a title of its own that says what is missing.
    StrCpy $1 "${WEBVIEW2_MISSING}"
    StrCpy $2 "${WEBVIEW2_MISSING_TITLE}"
    System::Call 'user32::MessageBoxW(p 0, w r1, w r2, i 0x50030) i'
  ${EndIf}
FunctionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecMain} "督办台账窗口程序（taizhang-app.exe）、命令行（taizhang.exe）和开始菜单快捷方式。"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "在桌面放一个“督办台账”快捷方式。"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecPath} "让命令提示符中可以直接输入 taizhang 运行命令行。一般不需要。"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; ---------------------------------------------------------------------------------------------

Function un.onInit
  SetShellVarContext current
  SetRegView 64
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  SetRegView 64
  ${un.GetParameters} $0
  ClearErrors
  ${un.GetOptions} $0 "/UPGRADE" $1
  ${If} ${Errors}
    StrCpy $1 "0"  ; a real uninstall
  ${Else}
    StrCpy $1 "1"  ; called by a newer installer
  ${EndIf}

  ReadRegStr $0 HKCU "${UNINST_KEY}" "PathAdded"
  ${If} $0 == "1"
    Call un.PathRemove
  ${EndIf}

  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  ; Only when empty: the folder may hold files that are not ours.
  RMDir "$INSTDIR"

  ${If} $1 == "0"
    Delete "$SMPROGRAMS\${PRODUCT}.lnk"
    Delete "$DESKTOP\${PRODUCT}.lnk"
    ; WebView2's cache for this app (window state such as the chosen month), not the ledger.
    RMDir /r "$LOCALAPPDATA\${APP_ID}"
    DeleteRegKey HKCU "${UNINST_KEY}"
  ${EndIf}
  DetailPrint "账本和备份仍保留在：$APPDATA\taizhang\"
SectionEnd
