using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Weir.Lake.Storage;

/// <summary>The POSIX calls <see cref="LocalObjectStore"/> needs that .NET does not expose.</summary>
internal static partial class NativeMethods
{
    private const int EEXIST = 17; // Linux and macOS agree on this value.

    /// <summary>
    /// Creates <paramref name="target"/> as a hard link to <paramref name="existing"/>. <c>link(2)</c> never replaces an
    /// existing name: it either creates it atomically or fails with <c>EEXIST</c>, even when processes race.
    /// </summary>
    /// <returns><see langword="false"/> when <paramref name="target"/> already exists.</returns>
    /// <exception cref="IOException">Any other failure (the file system may not support hard links).</exception>
    public static bool TryCreateHardLink(string existing, string target)
    {
        if (Link(existing, target) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == EEXIST)
        {
            return false;
        }

        throw new IOException(
            $"Could not publish '{target}' atomically: link(2) failed ({new Win32Exception(errno).Message}, errno {errno}).");
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string target);
}
