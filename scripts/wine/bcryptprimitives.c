/* A stand-in for Windows' bcryptprimitives.dll, for running bulletin.exe
 * under Wine 8.0 (Debian 12), which lacks the DLL. Rust's standard library
 * (since 1.78) imports ProcessPrng from it for HashMap's random keys, and
 * Windows refuses to start a program whose imports are missing: under Wine
 * 8.0 bulletin.exe exits with 53 before main. ProcessPrng has its
 * documented signature and is answered by advapi32's RtlGenRandom
 * (SystemFunction036), which Wine has. Only scripts/windows-run.sh uses
 * this; it is never shipped.
 *
 *   x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll \
 *     bcryptprimitives.c -ladvapi32
 */
#include <windows.h>

/* advapi32's RtlGenRandom, under its exported name. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    /* RtlGenRandom takes a 32-bit length; ask in pieces that fit. */
    while (length > 0) {
        ULONG piece = length > 0x7fffffff ? 0x7fffffff : (ULONG)length;
        if (!SystemFunction036(data, piece))
            return FALSE;
        data += piece;
        length -= piece;
    }
    return TRUE;
}
