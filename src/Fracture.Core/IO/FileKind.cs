using System.Runtime.InteropServices;

namespace Fracture.Core.IO;

/// <summary>
/// What a path names on Linux, links followed: .NET reports a device or a pipe as an ordinary file, so replacing
/// "the file" there would destroy it (`--json /dev/stdout` became a regular file). Read with libc's stat(2).
/// </summary>
internal static class FileKind
{
    // struct stat on x86_64 glibc (the one platform this project builds for): 144 bytes, st_dev and st_ino uint64s at
    // bytes 0 and 8, st_mode a uint32 at byte 24.
    private const int StatSize = 144;
    private const int InodeOffset = 8;
    private const int ModeOffset = 24;
    private const uint TypeMask = 0xF000;
    private const uint RegularFile = 0x8000;
    private const uint Directory = 0x4000;

    /// <summary>
    /// True when <paramref name="path"/> exists (after links) and is neither a regular file nor a folder: a character
    /// or block device, a pipe, a socket. False when it does not exist or cannot be examined.
    /// </summary>
    public static bool IsSpecial(string path)
    {
        if (Status(path) is not { } status)
        {
            return false;
        }

        var type = BitConverter.ToUInt32(status, ModeOffset) & TypeMask;
        return type is not RegularFile and not Directory;
    }

    /// <summary>
    /// The device and inode <paramref name="path"/> leads to, links followed: equal for every name of one file (a
    /// link, a path through a linked folder, a hard link). Null when it does not exist or cannot be examined.
    /// </summary>
    public static (ulong Device, ulong Inode)? Identity(string path) =>
        Status(path) is { } status ? (BitConverter.ToUInt64(status, 0), BitConverter.ToUInt64(status, InodeOffset)) : null;

    private static byte[]? Status(string path)
    {
        var status = new byte[StatSize];
        return Stat(path, status) == 0 ? status : null;
    }

    // DllImport, not LibraryImport: the generated marshalling needs unsafe code, which nothing else here uses.
    [DllImport("libc", EntryPoint = "stat", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Stat(string path, [Out] byte[] status);
}
