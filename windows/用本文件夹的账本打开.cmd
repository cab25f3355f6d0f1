@echo off
rem Opens taizhang with the ledger in this folder (ledger.db next to this file, e.g. on a USB
rem stick): TAIZHANG_DB is the one rule that moves the ledger away from %APPDATA%\taizhang.
rem ASCII only: cmd.exe reads batch files in the console code page.
set "TAIZHANG_DB=%~dp0ledger.db"
start "" "%~dp0taizhang-app.exe" %*
