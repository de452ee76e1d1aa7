using Fracture.Core.IO;
using Fracture.Server.Inputs;

namespace Fracture.Server.Storage;

/// <summary>
/// Uploaded images by content: <c>images/&lt;sha[0..2]&gt;/&lt;sha&gt;.&lt;ext&gt;</c>, the extension from the
/// format sniffed from the bytes. Paths are built only from the hash the server computed, never from anything the
/// client sent; each image is written once, atomically, however often it is uploaded.
/// </summary>
public sealed class ImageStore(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Where the image with <paramref name="sha256"/> (64 lower-case hex digits) is stored.</summary>
    /// <exception cref="ArgumentException">The hash is not 64 lower-case hex digits.</exception>
    public string PathOf(string sha256, UploadFormat format) => Path.Combine(FolderOf(sha256), $"{sha256}.{UploadFormats.Extension(format)}");

    /// <summary>Stores <paramref name="data"/> unless an image with its hash is already there; true when this call wrote it.</summary>
    public bool Save(string sha256, UploadFormat format, byte[] data)
    {
        var path = PathOf(sha256, format);
        if (File.Exists(path))
        {
            return false;
        }

        AtomicFile.WriteAllBytes(path, data);
        return true;
    }

    /// <summary>
    /// Removes the image with <paramref name="sha256"/>, whatever its format (one hash is one file, as the format is
    /// read from the bytes); nothing happens when it is not there.
    /// </summary>
    public void Delete(string sha256)
    {
        var folder = FolderOf(sha256);
        if (Directory.Exists(folder))
        {
            // Temp files start with a dot, so the pattern never reaches a write in progress.
            foreach (var file in Directory.EnumerateFiles(folder, $"{sha256}.*"))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>
    /// Deletes the files under <see cref="Root"/> that no prediction can name: images (by their hash) that
    /// <paramref name="isUsed"/> rejects, and temp files of writes that never finished. Other files stay. Returns how
    /// many were deleted. The caller holds off writes meanwhile.
    /// </summary>
    public int RemoveUnused(Func<string, bool> isUsed)
    {
        ArgumentNullException.ThrowIfNull(isUsed);
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).ToList())
        {
            var name = Path.GetFileName(file);
            var stem = name.Split('.')[0];
            var image = IsSha256(stem) && Path.GetFileName(Path.GetDirectoryName(file)) == stem[..2];
            if (AtomicFile.IsTempFile(file) || (image && !isUsed(stem)))
            {
                File.Delete(file);
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>The stored bytes, or null when the image is missing.</summary>
    public byte[]? Read(string sha256, UploadFormat format)
    {
        var path = PathOf(sha256, format);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The folder of the image with <paramref name="sha256"/>; a value that is no hash names none.</summary>
    private string FolderOf(string sha256) =>
        IsSha256(sha256) ? Path.Combine(Root, sha256[..2]) : throw new ArgumentException($"'{sha256}' is not a lower-case hex SHA-256", nameof(sha256));

    private static bool IsSha256(string value) =>
        value is { Length: 64 } && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
