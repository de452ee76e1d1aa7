using System.Globalization;
using System.Text;
using Fracture.Core.IO;
using Fracture.Core.Models;

namespace Fracture.Inference.Output;

/// <summary>
/// Writes predictions as CSV (RFC 4180: CRLF line ends, a field with a comma, quote or line break is quoted and its
/// quotes doubled). Columns: image, task, class, name, score, x1, y1, x2, y2, fracture_probability, polygon; the
/// same rows as <see cref="PredictionsJson"/>, empty where a row has no such value (a classifier's box, a detector's
/// fracture probability). The polygon is "x y;x y;..." in one quoted field. An image the run could not predict is a row
/// with only image and error, after the predictions. Numbers as <see cref="PredictionRow"/> rounds them, in invariant
/// culture.
/// </summary>
public static class PredictionsCsv
{
    public const string Header = "image,task,class,name,score,x1,y1,x2,y2,fracture_probability,polygon,error";

    public static string Format(IEnumerable<NamedPrediction> predictions, IEnumerable<SkippedImage>? skipped = null)
    {
        var text = new StringBuilder(Header).Append("\r\n");
        foreach (var row in PredictionRow.From(predictions))
        {
            var box = row.Box;
            string[] fields =
            [
                Quote(row.Image),
                ModelMetadata.TaskName(row.Task),
                row.ClassId.ToString(CultureInfo.InvariantCulture),
                Quote(row.Name),
                Number(row.Score),
                Number(box?.X1),
                Number(box?.Y1),
                Number(box?.X2),
                Number(box?.Y2),
                Number(row.FractureProbability),
                row.Polygon is { } polygon ? $"\"{string.Join(';', polygon.Select(p => $"{Number(p.X)} {Number(p.Y)}"))}\"" : string.Empty,
                string.Empty,
            ];
            text.AppendJoin(',', fields).Append("\r\n");
        }

        foreach (var image in skipped ?? [])
        {
            text.Append(Quote(image.Image)).Append(',', 11).Append(Quote(image.Reason)).Append("\r\n");
        }

        return text.ToString();
    }

    /// <summary>Writes the file atomically (readers never see half of it).</summary>
    public static void Write(string path, IEnumerable<NamedPrediction> predictions, IEnumerable<SkippedImage>? skipped = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.WriteAllText(path, Format(predictions, skipped));
    }

    /// <summary>A field as RFC 4180 wants it: quoted (quotes doubled) when it holds a comma, a quote or a line break.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;
}
