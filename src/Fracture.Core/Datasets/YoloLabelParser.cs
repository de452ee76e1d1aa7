using System.Globalization;
using Fracture.Core.Geometry;

namespace Fracture.Core.Datasets;

/// <summary>
/// Parses YOLO label text: box rows "cls cx cy w h" and polygon rows "cls x1 y1 x2 y2 x3 y3 ..." (normalised 0..1).
/// Never throws on bad rows: they are reported and fixed or dropped, as <see cref="LabelIssueKind"/> says.
/// </summary>
public static class YoloLabelParser
{
    // Polygons whose area is below this fraction of the image are outlines collapsed to a line or point.
    private const double MinPolygonArea = 1e-7;

    // Rounding in exporters leaves coordinates like 1.0000001; only report what is visibly outside.
    private const double RangeTolerance = 1e-6;

    // A point this far outside the image is no slip of an outline at the border but a row in pixels (or worse):
    // clipping it would make a box of the image's edge, so the row is rejected (Ultralytics rejects any value > 1).
    private const double NormalizedLimit = 0.5;

    // Old Mac exports end lines with a bare '\r'; splitting only on '\n' would glue every row into one long polygon.
    private static readonly string[] LineBreaks = ["\r\n", "\r", "\n"];

    public static ParsedLabels Parse(string text, int classCount)
    {
        var instances = new List<LabelInstance>();
        var issues = new List<LabelIssue>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int boxRows = 0, polygonRows = 0;
        var lineNumber = 0;
        foreach (var rawLine in text.Split(LineBreaks, StringSplitOptions.None))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (!TryParseNumbers(fields, out var numbers))
            {
                issues.Add(new(lineNumber, LabelIssueKind.Malformed, $"line {lineNumber}: not all fields are numbers"));
                continue;
            }

            var isBox = numbers.Length == 5;
            var isPolygon = numbers.Length >= 7 && numbers.Length % 2 == 1;
            if (!isBox && !isPolygon)
            {
                issues.Add(new(lineNumber, LabelIssueKind.Malformed,
                    $"line {lineNumber}: {numbers.Length} numbers; a box row has 5, a polygon row an odd count of at least 7"));
                continue;
            }

            var classValue = numbers[0];
            if (classValue != Math.Floor(classValue) || classValue < 0 || classValue >= classCount)
            {
                issues.Add(new(lineNumber, LabelIssueKind.BadClassId,
                    $"line {lineNumber}: class id {fields[0]} is not an integer in 0..{classCount - 1}"));
                continue;
            }

            var coordinates = numbers.AsSpan(1);
            if (!seen.Add(RowKey((int)classValue, coordinates, isBox)))
            {
                issues.Add(new(lineNumber, LabelIssueKind.Duplicate, $"line {lineNumber}: duplicate of an earlier row"));
                continue;
            }

            if (LiesOutside(coordinates, isBox, NormalizedLimit))
            {
                issues.Add(new(lineNumber, LabelIssueKind.NotNormalized,
                    $"line {lineNumber}: coordinates more than half an image outside 0..1 (in pixels, not fractions of the image?)"));
                continue;
            }

            // A negative box size is read as its absolute value: reported with the clipped rows.
            if (LiesOutside(coordinates, isBox, RangeTolerance) || (isBox && (coordinates[2] < 0 || coordinates[3] < 0)))
            {
                issues.Add(new(lineNumber, LabelIssueKind.OutOfRange, $"line {lineNumber}: coordinates outside 0..1 were clipped"));
            }

            var instance = isBox ? ToBox((int)classValue, coordinates) : ToPolygon((int)classValue, coordinates);
            if (instance is null)
            {
                issues.Add(new(lineNumber, LabelIssueKind.Degenerate,
                    $"line {lineNumber}: {(isBox ? "box has zero width or height" : "polygon has no area")}"));
                continue;
            }

            instances.Add(instance);
            if (isBox)
            {
                boxRows++;
            }
            else
            {
                polygonRows++;
            }
        }

        return new ParsedLabels(instances, issues, boxRows, polygonRows);
    }

    private static bool TryParseNumbers(string[] fields, out double[] numbers)
    {
        numbers = new double[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a point (of a box: a corner) lies more than <paramref name="margin"/> outside 0..1.</summary>
    private static bool LiesOutside(ReadOnlySpan<double> coordinates, bool isBox, double margin)
    {
        if (isBox)
        {
            var box = new NormalizedBox(coordinates[0], coordinates[1], coordinates[2], coordinates[3]);
            return Math.Min(box.X1, box.X2) < -margin || Math.Min(box.Y1, box.Y2) < -margin
                || Math.Max(box.X1, box.X2) > 1 + margin || Math.Max(box.Y1, box.Y2) > 1 + margin;
        }

        foreach (var value in coordinates)
        {
            if (value < -margin || value > 1 + margin)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The row as the values it yields (class, then clipped corners or clipped points), so rows that differ only in how
    /// numbers are written ("0.5" and "0.50") or only outside the image count as duplicates.
    /// </summary>
    private static string RowKey(int classId, ReadOnlySpan<double> c, bool isBox)
    {
        var values = isBox ? ClippedCorners(c) : ClipAll(c);
        // Adding 0.0 turns -0 into 0, which would otherwise print differently.
        return $"{(isBox ? 'b' : 'p')}{classId}:{string.Join(' ', values.Select(v => (v + 0.0).ToString("R", CultureInfo.InvariantCulture)))}";
    }

    /// <summary>x1, y1, x2, y2 of a box row (negative sizes taken as positive), clipped to the image.</summary>
    private static double[] ClippedCorners(ReadOnlySpan<double> c)
    {
        var raw = new NormalizedBox(c[0], c[1], Math.Abs(c[2]), Math.Abs(c[3]));
        return [Clip(raw.X1), Clip(raw.Y1), Clip(raw.X2), Clip(raw.Y2)];
    }

    private static double[] ClipAll(ReadOnlySpan<double> c)
    {
        var clipped = new double[c.Length];
        for (var i = 0; i < c.Length; i++)
        {
            clipped[i] = Clip(c[i]);
        }

        return clipped;
    }

    private static LabelInstance? ToBox(int classId, ReadOnlySpan<double> c)
    {
        var corners = ClippedCorners(c);
        var box = NormalizedBox.FromCorners(corners[0], corners[1], corners[2], corners[3]);
        return box.Width <= 0 || box.Height <= 0 ? null : new LabelInstance(classId, box, null);
    }

    private static LabelInstance? ToPolygon(int classId, ReadOnlySpan<double> c)
    {
        var points = new List<NormalizedPoint>(c.Length / 2);
        for (var i = 0; i + 1 < c.Length; i += 2)
        {
            var point = new NormalizedPoint(Clip(c[i]), Clip(c[i + 1]));
            // Closing vertices that repeat the previous one carry no shape.
            if (points.Count == 0 || points[^1] != point)
            {
                points.Add(point);
            }
        }

        if (points.Count > 1 && points[0] == points[^1])
        {
            points.RemoveAt(points.Count - 1);
        }

        double x1 = double.MaxValue, y1 = double.MaxValue, x2 = double.MinValue, y2 = double.MinValue;
        foreach (var p in points)
        {
            x1 = Math.Min(x1, p.X);
            y1 = Math.Min(y1, p.Y);
            x2 = Math.Max(x2, p.X);
            y2 = Math.Max(y2, p.Y);
        }

        var instance = new LabelInstance(classId, NormalizedBox.FromCorners(x1, y1, x2, y2), points);
        return points.Count < 3 || instance.Area < MinPolygonArea ? null : instance;
    }

    private static double Clip(double value) => Math.Clamp(value, 0, 1);
}
