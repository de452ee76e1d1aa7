using Fracture.Core.Imaging;

namespace Fracture.Inference;

/// <summary>Predicting straight from image files and bytes (decoded with <see cref="ImageDecoder"/>, EXIF orientation applied).</summary>
public static class PredictorExtensions
{
    /// <summary>Decodes the file at <paramref name="path"/> and predicts on it.</summary>
    /// <exception cref="ImageDecodeException">The file is not a readable image.</exception>
    public static ImagePrediction Predict(this IPredictor predictor, string path, PredictSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        return predictor.Predict(ImageDecoder.Decode(path), settings);
    }

    /// <summary>Decodes an encoded image (JPEG, PNG, BMP, WebP) and predicts on it.</summary>
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
}
