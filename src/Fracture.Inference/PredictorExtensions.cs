using Fracture.Core;
using Fracture.Core.Imaging;

namespace Fracture.Inference;

/// <summary>
/// Predicting straight from image files and bytes (decoded with <see cref="ImageDecoder"/>, EXIF orientation applied),
/// and a batch where one image the model refuses costs only itself.
/// </summary>
public static class PredictorExtensions
{
    /// <summary>Decodes the file at <paramref name="path"/> and predicts on it.</summary>
    /// <exception cref="ImageDecodeException">The file is not a readable image.</exception>
    public static ImagePrediction Predict(this IPredictor predictor, string path, PredictSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        return predictor.Predict(ImageDecoder.Decode(path), settings);
    }

    /// <summary>Decodes an encoded image (JPEG, PNG, BMP, WebP, TIFF) and predicts on it.</summary>
    /// <exception cref="ImageDecodeException">The bytes are not a readable image.</exception>
    public static ImagePrediction Predict(this IPredictor predictor, byte[] encoded, PredictSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        return predictor.Predict(ImageDecoder.Decode(encoded), settings);
    }

    /// <summary>Reads an encoded image from <paramref name="stream"/> to its end, decodes it and predicts on it.</summary>
    /// <exception cref="ImageDecodeException">The bytes are not a readable image.</exception>
    public static ImagePrediction Predict(this IPredictor predictor, Stream stream, PredictSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return predictor.Predict(ImageDecoder.Decode(copy.ToArray()), settings);
    }

    /// <summary>
    /// Predicts <paramref name="images"/> in one call; when the model refuses it (a <see cref="FractureException"/>:
    /// NaN outputs for one image, an image it cannot take), each image alone, so one bad image costs only itself: its
    /// place holds null, and <paramref name="refused"/> hears its index and the error.
    /// </summary>
    public static ImagePrediction?[] PredictEach(this IPredictor predictor, IReadOnlyList<DecodedImage> images, PredictSettings? settings, Action<int, FractureException> refused)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(refused);
        if (images.Count == 0)
        {
            return [];
        }

        try
        {
            var batch = images.Count == 1 ? [predictor.Predict(images[0], settings)] : predictor.PredictBatch(images, settings);
            return batch.Count == images.Count
                ? [.. batch]
                : throw new InvalidOperationException($"the predictor returned {batch.Count} predictions for {images.Count} images");
        }
        catch (FractureException) when (images.Count > 1)
        {
            return [.. images.Select((image, k) => predictor.PredictEach([image], settings, (_, error) => refused(k, error))[0])];
        }
        catch (FractureException ex)
        {
            refused(0, ex);
            return [null];
        }
    }
}
