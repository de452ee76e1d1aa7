using System.Runtime.InteropServices;
using SkiaSharp;

namespace Fracture.Core.Imaging;

/// <summary>
/// An SKCodec reading straight from a pinned managed array (no copy of the file bytes), disposed in the right order.
/// </summary>
internal sealed class SkiaCodecSession : IDisposable
{
    private GCHandle _pin;
    private readonly SKData _data;
    private readonly SKMemoryStream _stream;

    private SkiaCodecSession(GCHandle pin, SKData data, SKMemoryStream stream, SKCodec codec)
    {
        _pin = pin;
        _data = data;
        _stream = stream;
        Codec = codec;
    }

    public SKCodec Codec { get; }

    /// <summary>Opens a codec, turning Skia's refusal into an <see cref="ImageDecodeException"/> that says why.</summary>
    public static SkiaCodecSession Open(byte[] bytes, ImageFileFormat format, string? path)
    {
        var pin = GCHandle.Alloc(bytes, GCHandleType.Pinned);
        SKData? data = null;
        SKMemoryStream? stream = null;
        try
        {
            data = SKData.Create(pin.AddrOfPinnedObject(), bytes.Length);
            stream = new SKMemoryStream(data);
            var codec = SKCodec.Create(stream, out var result);
            if (codec is null)
            {
                var error = result == SKCodecResult.IncompleteInput ? ImageDecodeError.Truncated : ImageDecodeError.Corrupt;
                throw ImageDecodeException.For(error, path, $"{FormatNames.Display(format)} header could not be read ({Describe(result)})");
            }

            return new SkiaCodecSession(pin, data, stream, codec);
        }
        catch
        {
            stream?.Dispose();
            data?.Dispose();
            pin.Free();
            throw;
        }
    }

    public static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "data ends early",
        SKCodecResult.ErrorInInput => "invalid data",
        SKCodecResult.InvalidInput => "invalid data",
        SKCodecResult.Unimplemented => "unsupported variant",
        _ => "decoder reported " + result,
    };

    public void Dispose()
    {
        Codec.Dispose();
        _stream.Dispose();
        _data.Dispose();
        if (_pin.IsAllocated)
        {
            _pin.Free();
        }
    }
}
