using System.Text.Json;
using Fracture.Core.IO;

namespace Fracture.Core.Metrics;

/// <summary>
/// Writes <see cref="DetectionMetrics"/> in the CLI's metrics file shape:
/// <c>{"map50", "map50_95", "precision", "recall", "f1", "confidence", "perClass": [{"id", "name", "ap50",
/// "ap50_95", "instances", "precision", "recall"}], "confusion": {"labels": [..., "background"], "matrix": [[...]]},
/// "images"}</c>. Values that are undefined (NaN, for classes without ground truth) are written as null.
/// Confusion rows are the actual class, columns the predicted class.
/// </summary>
public static class DetectionMetricsJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    /// <summary>The metrics as indented JSON text.</summary>
    /// <param name="classNames">Names by class id; must have one name per class of <paramref name="metrics"/>.</param>
    public static string Serialize(DetectionMetrics metrics, IReadOnlyList<string> classNames) =>
        System.Text.Encoding.UTF8.GetString(ToUtf8(metrics, classNames));

    /// <summary>
    /// Writes the metrics to <paramref name="path"/>, replacing it atomically: the JSON goes to a temporary
    /// file beside it first and is moved over, so a crash never leaves a half-written file.
    /// </summary>
    /// <exception cref="FractureException">The file cannot be written.</exception>
    public static void Write(string path, DetectionMetrics metrics, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = ToUtf8(metrics, classNames);
        try
        {
            AtomicFile.WriteAllBytes(path, bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FractureException($"Cannot write metrics file '{path}': {ex.Message}", ex);
        }
    }

    private static byte[] ToUtf8(DetectionMetrics metrics, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(classNames);
        if (classNames.Count != metrics.PerClass.Count || classNames.Count != metrics.Confusion.ClassCount)
        {
            throw new ArgumentException(
                $"{classNames.Count} class names for metrics of {metrics.PerClass.Count} classes; evaluate with DetectionEvaluationOptions.ClassNames.",
                nameof(classNames));
        }

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            Number(w, "map50", metrics.Map50);
            Number(w, "map50_95", metrics.Map50To95);
            Number(w, "precision", metrics.Precision);
            Number(w, "recall", metrics.Recall);
            Number(w, "f1", metrics.F1);
            Number(w, "confidence", metrics.ConfidenceThreshold);

            w.WriteStartArray("perClass");
            foreach (var c in metrics.PerClass)
            {
                w.WriteStartObject();
                w.WriteNumber("id", c.ClassId);
                w.WriteString("name", classNames[c.ClassId]);
                Number(w, "ap50", c.Ap50);
                Number(w, "ap50_95", c.Ap50To95);
                w.WriteNumber("instances", c.Instances);
                Number(w, "precision", c.Precision);
                Number(w, "recall", c.Recall);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            w.WriteStartObject("confusion");
            w.WriteStartArray("labels");
            foreach (var name in classNames)
            {
                w.WriteStringValue(name);
            }

            w.WriteStringValue("background");
            w.WriteEndArray();
            w.WriteStartArray("matrix");
            var size = metrics.Confusion.ClassCount + 1;
            for (var row = 0; row < size; row++)
            {
                w.WriteStartArray();
                for (var col = 0; col < size; col++)
                {
                    w.WriteNumberValue(metrics.Confusion[row, col]);
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteEndObject();

            w.WriteNumber("images", metrics.ImagesEvaluated);
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    // JSON has no NaN; an undefined metric is null rather than a made-up number.
    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
