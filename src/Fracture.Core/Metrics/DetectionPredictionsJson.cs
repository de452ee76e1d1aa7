using System.Text.Json;
using static Fracture.Core.Metrics.JsonFields;
using Fracture.Core.Geometry;

namespace Fracture.Core.Metrics;

/// <summary>
/// Reads a predictions file: a JSON array of
/// <c>{"image": "&lt;file name&gt;", "class": &lt;int&gt;, "score": &lt;0..1&gt;, "box": [x1, y1, x2, y2]}</c>
/// with the box in pixels, and optionally <c>"polygon": [[x, y], ...]</c>, a segmenter's outline in pixels (mask
/// scoring reads it), and optionally <c>"name"</c>, the class's name (<see cref="ReadRows"/> returns them, so a caller
/// can refuse predictions whose ids mean other classes than its dataset's). Property names are case-sensitive; other
/// properties are ignored.
/// Rows with <c>"task": "classify"</c> (a classifier's answer in `fracture predict` output, no box) and rows with
/// <c>"error"</c> (an image `fracture predict` could not predict) are skipped.
/// </summary>
public static class DetectionPredictionsJson
{
    /// <summary>
    /// How far (pixels) a polygon point may lie outside its own box. Outlines legitimately overrun a little: ours are
    /// traced on pixel corners of the pixels whose centres lie in the box, so up to half a decoded pixel out, times the
    /// file/decoded scale (a few pixels when a large X-ray is decoded near the model's input size); Ultralytics crops
    /// masks to the box, on its 4x coarser prototype grid in recent versions, so up to about 1.5 prototype cells
    /// (6 input pixels) times the file/input scale, 128 px for a 13,000 px file at 640. Anything further is not an
    /// outline of that box, and unbounded points make mask scoring rasterise gigabytes or overflow.
    /// </summary>
    public const double PolygonOverrun = 128;

    /// <summary>
    /// The largest box coordinate (pixels, either sign) accepted: 16 times the widest JPEG (65,535 px), far beyond any
    /// prediction on a real image, and small enough that scoring an outline inside such a box takes milliseconds.
    /// </summary>
    public const double MaxCoordinate = 1 << 20;

    /// <exception cref="FractureException">The file cannot be read.</exception>
    /// <exception cref="PredictionsFormatException">The content is malformed.</exception>
    public static IReadOnlyList<DetectionPrediction> Read(string path) => ReadRows(path).Predictions;

    /// <summary>The box rows with the class names they carry, the count of classifier rows skipped and the images of error rows.</summary>
    /// <exception cref="FractureException">The file cannot be read.</exception>
    /// <exception cref="PredictionsFormatException">The content is malformed, or one class id carries two names.</exception>
    public static PredictionRows ReadRows(string path) =>
        Parse(ReadFile(path), $"Predictions file '{path}'");

    /// <summary>Parses predictions from JSON text.</summary>
    /// <exception cref="PredictionsFormatException">The content is malformed.</exception>
    public static IReadOnlyList<DetectionPrediction> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(System.Text.Encoding.UTF8.GetBytes(json), "Predictions").Predictions;
    }

    private static PredictionRows Parse(byte[] utf8, string source)
    {
        using (var document = ParseArray(utf8, source))
        {
            var root = document.RootElement;
            var result = new List<DetectionPrediction>(root.GetArrayLength());
            var names = new Dictionary<int, string>();
            var unpredicted = new Dictionary<string, string>(StringComparer.Ordinal);
            var (i, classifications) = (0, 0);
            foreach (var entry in root.EnumerateArray())
            {
                if (IsClassification(entry))
                {
                    classifications++;
                }
                else if (IsErrorRow(entry))
                {
                    if (ErrorRowImage(entry) is { } name)
                    {
                        unpredicted.TryAdd(name, entry.GetProperty("error").GetString()!);
                    }
                }
                else
                {
                    var prediction = ParseEntry(entry, problem => new PredictionsFormatException($"{source}: entry {i}: {problem}"));
                    result.Add(prediction);
                    NoteName(entry, prediction.ClassId, names, problem => new PredictionsFormatException($"{source}: entry {i}: {problem}"));
                }

                i++;
            }

            return new PredictionRows([.. result], names, classifications) { Unpredicted = unpredicted };
        }
    }

    private static DetectionPrediction ParseEntry(JsonElement entry, Func<string, PredictionsFormatException> error)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw error($"expected an object, found {Describe(entry.ValueKind)}.");
        }

        var image = ImageName(entry, error);
        var classId = ClassId(entry, error);

        var scoreElement = Required(entry, "score", error);
        if (!TryGetFinite(scoreElement, out var score))
        {
            throw error($"\"score\" must be a number, found {scoreElement.GetRawText()}.");
        }

        if (score is < 0 or > 1)
        {
            throw error($"\"score\" {score} is outside 0..1.");
        }

        var boxElement = Required(entry, "box", error);
        if (boxElement.ValueKind != JsonValueKind.Array || boxElement.GetArrayLength() != 4)
        {
            throw error($"\"box\" must be 4 numbers [x1, y1, x2, y2], found {boxElement.GetRawText()}.");
        }

        var c = new double[4];
        for (var k = 0; k < 4; k++)
        {
            if (!TryGetFinite(boxElement[k], out c[k]))
            {
                throw error($"\"box\" must be 4 numbers [x1, y1, x2, y2], found {boxElement.GetRawText()}.");
            }

            if (Math.Abs(c[k]) > MaxCoordinate)
            {
                throw error($"\"box\" {boxElement.GetRawText()} has a coordinate beyond ±{MaxCoordinate} px; predictions are in image pixels.");
            }
        }

        if (c[2] < c[0] || c[3] < c[1])
        {
            throw error($"\"box\" {boxElement.GetRawText()} has x2 < x1 or y2 < y1.");
        }

        var box = new PixelBox(c[0], c[1], c[2], c[3]);
        var polygon = ParsePolygon(entry, error);
        CheckPolygonWithinBox(polygon, box, problem => error($"image '{image}', class {classId}, box {boxElement.GetRawText()}: {problem}"));
        return new DetectionPrediction(image, classId, score, box, polygon);
    }

    private static void CheckPolygonWithinBox(PixelPoint[]? polygon, PixelBox box, Func<string, PredictionsFormatException> error)
    {
        for (var k = 0; k < (polygon?.Length ?? 0); k++)
        {
            var p = polygon![k];
            var outside = Math.Max(Math.Max(box.X1 - p.X, p.X - box.X2), Math.Max(box.Y1 - p.Y, p.Y - box.Y2));
            if (outside > PolygonOverrun)
            {
                throw error($"\"polygon\" point {k} ({p.X}, {p.Y}) lies {outside} px outside the box; an outline may overrun its box by at most {PolygonOverrun} px.");
            }
        }
    }

    /// <summary>The optional outline: absent or null is no polygon; anything else must be [x, y] pairs of numbers.</summary>
    private static PixelPoint[]? ParsePolygon(JsonElement entry, Func<string, PredictionsFormatException> error)
    {
        if (!entry.TryGetProperty("polygon", out var polygon) || polygon.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (polygon.ValueKind != JsonValueKind.Array)
        {
            throw error($"\"polygon\" must be a list of [x, y] points, found {Describe(polygon.ValueKind)}.");
        }

        var points = new PixelPoint[polygon.GetArrayLength()];
        var k = 0;
        foreach (var point in polygon.EnumerateArray())
        {
            if (point.ValueKind != JsonValueKind.Array || point.GetArrayLength() != 2 || !TryGetFinite(point[0], out var x) || !TryGetFinite(point[1], out var y))
            {
                throw error($"\"polygon\" point {k} must be [x, y] (two numbers), found {point.GetRawText()}.");
            }

            points[k++] = new PixelPoint(x, y);
        }

        return points;
    }
}
