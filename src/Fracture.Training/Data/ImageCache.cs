using Fracture.Core;
using Fracture.Core.Imaging;

namespace Fracture.Training.Data;

/// <summary>
/// Images decoded once, letterboxed to a square of <see cref="Size"/> and kept in memory as bytes, so every epoch
/// augments from memory instead of decoding JPEGs again (decoding costs about as much as a training step on 2 cores).
/// Images that cannot be read (permissions, a vanished file, an I/O error) or decoded are left out and listed in
/// <see cref="Failed"/>; training goes on without them.
/// </summary>
public sealed class ImageCache
{
    private readonly byte[][] _pixels;

    private ImageCache(int size, PixelFormat format, byte[][] pixels, LetterboxTransform[] transforms, int[] kept, IReadOnlyList<string> failed)
    {
        Size = size;
        Format = format;
        _pixels = pixels;
        Transforms = transforms;
        Kept = kept;
        Failed = failed;
    }

    public int Size { get; }

    public PixelFormat Format { get; }

    public int Count => _pixels.Length;

    /// <summary>For each cached image, its index in the list given to <see cref="Load"/>.</summary>
    public IReadOnlyList<int> Kept { get; }

    /// <summary>How each cached image maps into the square (source = the decoded image; normalised label coordinates carry over).</summary>
    public IReadOnlyList<LetterboxTransform> Transforms { get; }

    /// <summary>"path: reason" for every image that could not be read or decoded.</summary>
    public IReadOnlyList<string> Failed { get; }

    public long Bytes => _pixels.Sum(p => (long)p.Length);

    /// <summary>The cached image; its pixels are shared, so callers must not write to them.</summary>
    public DecodedImage this[int index] => new(Size, Size, Format, _pixels[index]);

    public static ImageCache Load(IReadOnlyList<string> paths, int size, PixelFormat format, IProgress<WorkProgress>? progress = null)
    {
        var pixels = new byte[paths.Count][];
        var transforms = new LetterboxTransform[paths.Count];
        var errors = new string?[paths.Count];
        var done = 0;
        Parallel.For(0, paths.Count, i =>
        {
            try
            {
                // Decoding straight to about the target size is twice as fast as decoding full size and shrinking.
                // A file that ends early is left out, as predict and the server refuse it: decoded in part, its
                // missing rows would be black under labels that still describe them.
                var decoded = ImageDecoder.Decode(paths[i], new DecodeOptions(format, MaxSide: size, AllowTruncated: false));
                var boxed = Letterbox.Apply(decoded, size, size);
                pixels[i] = boxed.Image.Pixels;
                transforms[i] = boxed.Transform;
            }
            catch (ImageDecodeException ex)
            {
                errors[i] = $"{paths[i]}: {ex.Message}";
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors[i] = $"{paths[i]}: cannot be read: {ex.Message}";
            }

            var count = Interlocked.Increment(ref done);
            if (count % 64 == 0 || count == paths.Count)
            {
                progress?.Report(new WorkProgress("caching images", count, paths.Count));
            }
        });

        var kept = Enumerable.Range(0, paths.Count).Where(i => errors[i] is null).ToArray();
        return new ImageCache(
            size,
            format,
            [.. kept.Select(i => pixels[i])],
            [.. kept.Select(i => transforms[i])],
            kept,
            [.. errors.OfType<string>()]);
    }
}
