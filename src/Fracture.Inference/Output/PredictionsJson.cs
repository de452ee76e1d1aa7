using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fracture.Core.IO;
using Fracture.Core.Models;

namespace Fracture.Inference.Output;

/// <summary>
/// Writes predictions as the JSON file `fracture eval detect --predictions` reads: an array with one object per line,
/// <c>{"image", "class", "name", "score", "box": [x1, y1, x2, y2]}</c> in original-image pixels, plus
/// <c>"polygon": [[x, y], ...]</c> for a segmenter's outline. A classifier's answer is one row per image,
/// <c>{"image", "task": "classify", "class", "name", "score", "fractureProbability"}</c> without a box (the reader
/// skips such rows). An image the run could not predict is a row <c>{"image", "error"}</c> after the predictions (the
/// eval commands leave that image out of the scoring), so a batch's file says which images have no answer. Numbers
/// as <see cref="PredictionRow"/> rounds them.
/// </summary>
public static class PredictionsJson
{
    // Relaxed escaping keeps non-ASCII file and class names readable; the file is data, never embedded in HTML.
    private static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(IEnumerable<NamedPrediction> predictions, IEnumerable<SkippedImage>? skipped = null)
    {
        var text = new StringBuilder("[");
        var first = true;
        foreach (var row in PredictionRow.From(predictions).Select(SerializeRow).Concat((skipped ?? []).Select(SerializeSkipped)))
        {
            text.Append(first ? "\n  " : ",\n  ").Append(row);
            first = false;
        }

        return text.Append(first ? "]\n" : "\n]\n").ToString();
    }

    /// <summary>Writes the file atomically (readers never see half of it).</summary>
    public static void Write(string path, IEnumerable<NamedPrediction> predictions, IEnumerable<SkippedImage>? skipped = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.WriteAllText(path, Serialize(predictions, skipped));
    }

    private static string SerializeSkipped(SkippedImage skipped)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            json.WriteStartObject();
            json.WriteString("image", skipped.Image);
            json.WriteString("error", skipped.Reason);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string SerializeRow(PredictionRow row)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            json.WriteStartObject();
            json.WriteString("image", row.Image);
            if (row.Task == ModelTask.Classify)
            {
                json.WriteString("task", ModelMetadata.TaskName(row.Task));
            }

            json.WriteNumber("class", row.ClassId);
            json.WriteString("name", row.Name);
            json.WriteNumber("score", row.Score);
            if (row.Box is { } box)
            {
                json.WriteStartArray("box");
                json.WriteNumberValue(box.X1);
                json.WriteNumberValue(box.Y1);
                json.WriteNumberValue(box.X2);
                json.WriteNumberValue(box.Y2);
                json.WriteEndArray();
            }

            if (row.Polygon is { } polygon)
            {
                json.WriteStartArray("polygon");
                foreach (var point in polygon)
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(point.X);
                    json.WriteNumberValue(point.Y);
                    json.WriteEndArray();
                }

                json.WriteEndArray();
            }

            if (row.Task == ModelTask.Classify)
            {
                if (row.FractureProbability is { } p)
                {
                    json.WriteNumber("fractureProbability", p);
                }
                else
                {
                    json.WriteNull("fractureProbability");
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
