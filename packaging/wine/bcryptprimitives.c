/*
 * bcryptprimitives.dll shim -- FOR THE WINE SMOKE TEST ONLY, never shipped.
 *
 * Rust's std (since 1.78) gets random bytes (HashMap seeds etc.) from
 * ProcessPrng in bcryptprimitives.dll. Real Windows 10/11 has that DLL, but
 * Debian 12's Wine 8 does not, so welfare-sheets.exe fails to start under it:
 * exit code 53, and with WINEDEBUG=-all not a word (WINEDEBUG=err+module
 * shows "Library bcryptprimitives.dll ... not found", c0000135). This shim exports
 * ProcessPrng on top of advapi32's SystemFunction036 (RtlGenRandom), which
 * Wine does have. The test harness places the built DLL next to the .exe in
 * a scratch folder; the release zip must not contain it.
 *
 * Build (Debian package gcc-mingw-w64-x86-64-win32):
 *   x86_64-w64-mingw32-gcc -shared -O2 -s -o bcryptprimitives.dll \
 *       bcryptprimitives.c bcryptprimitives.def -ladvapi32
 */
#include <windows.h>

/* advapi32!SystemFunction036, a.k.a. RtlGenRandom. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    /* RtlGenRandom takes a ULONG length: feed larger requests in pieces. */
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE; /* the real ProcessPrng always returns TRUE */
}
