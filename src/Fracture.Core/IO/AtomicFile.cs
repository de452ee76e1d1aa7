namespace Fracture.Core.IO;

/// <summary>
/// Writes files so that readers see the old content or the new, never half: write a temp file beside the target,
/// then rename over it. A full disk or a crash leaves the old file and a stray temp file, not a truncated one.
/// A symbolic link is kept: the file it leads to is replaced. A device or a pipe (`/dev/stdout`, a FIFO), which a
/// rename would replace with a regular file, is written to as it is, as are links through /proc (`/dev/stdout` when
/// the output is a file): renaming over that file would cut it off from the process's own output.
/// </summary>
public static class AtomicFile
{
    private const string TempExtension = ".tmp";

    /// <summary>
    /// Whether <paramref name="path"/> is named as this class names its temp files (".NAME.GUID.tmp"): what a process
    /// killed mid-write leaves, for owners of a folder to clear.
    /// </summary>
    public static bool IsTempFile(string path)
    {
        var name = Path.GetFileName(path);
        if (!name.StartsWith('.') || !name.EndsWith(TempExtension, StringComparison.Ordinal))
        {
            return false;
        }

        var stem = name[..^TempExtension.Length];
        var dot = stem.LastIndexOf('.');
        return dot > 1 && Guid.TryParseExact(stem[(dot + 1)..], "N", out _);
    }

    public static void WriteAllText(string path, string contents) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(contents);
        });

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    public static void Write(string path, Action<Stream> write)
    {
        var named = Path.GetFullPath(path);
        if (FileKind.IsSpecial(named) || FinalTarget(named) is not { } fullPath)
        {
            using var through = new FileStream(named, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            write(through);
            through.Flush();
            return;
        }

        var folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}{TempExtension}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// The file a chain of symbolic links ends at (<paramref name="path"/> itself when it is no link); null when the
    /// chain passes through /proc (a process's file descriptor, which must be written through) or does not end.
    /// </summary>
    private static string? FinalTarget(string path)
    {
        const int MostLinks = 40; // Linux's own limit (ELOOP)
        for (var hop = 0; hop <= MostLinks; hop++)
        {
            if (path.StartsWith("/proc/", StringComparison.Ordinal))
            {
                return null;
            }

            if (new FileInfo(path).LinkTarget is not { } target)
            {
                return path;
            }

            path = Path.GetFullPath(target, Path.GetDirectoryName(path)!);
        }

        return null;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more than a stray temp file.
        }
    }
}
