/* A stand-in for Windows' bcryptprimitives.dll, for Wine 8 only: Go 1.24
 * and later call ProcessPrng at start-up, which Wine 8 does not have, so a
 * Go program stops before main. This one answers from RtlGenRandom
 * (SystemFunction036), which Wine has. Used by scripts/package's check of
 * the Windows executable under Wine; never shipped. */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
	while (len > 0) {
		ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!RtlGenRandom(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
