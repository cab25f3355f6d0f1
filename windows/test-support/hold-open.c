/* Test helper (Windows, never shipped): holds a file open the way Excel holds a workbook, with no
 * sharing at all, so that any other open, rename or replace of it fails as on a clerk's laptop.
 *
 *   hold-open.exe FILE READY RELEASE [SECONDS]
 *
 * Opens FILE (read and write, share mode 0), then creates the file READY and waits until the file
 * RELEASE exists (at most SECONDS, default 120), then closes FILE. Exit status 0, or 2 when FILE
 * could not be opened (the Windows error code is printed), 3 on a timeout. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: hold-open FILE READY RELEASE [SECONDS]\n");
        return 64;
    }
    DWORD seconds = argc > 4 ? (DWORD)_wtoi(argv[4]) : 120;
    HANDLE held = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                              FILE_ATTRIBUTE_NORMAL, NULL);
    if (held == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "hold-open: cannot open the file (Windows error %lu)\n", GetLastError());
        return 2;
    }
    HANDLE ready = CreateFileW(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (ready == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "hold-open: cannot create the ready file (Windows error %lu)\n", GetLastError());
        CloseHandle(held);
        return 2;
    }
    CloseHandle(ready);
    for (DWORD waited = 0; waited < seconds * 10; waited++) {
        if (GetFileAttributesW(argv[3]) != INVALID_FILE_ATTRIBUTES) {
            CloseHandle(held);
            return 0;
        }
        Sleep(100);
    }
    fprintf(stderr, "hold-open: timed out\n");
    CloseHandle(held);
    return 3;
}
