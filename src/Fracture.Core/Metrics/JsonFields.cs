using System.Text.Json;

namespace Fracture.Core.Metrics;

/// <summary>Field reading shared by the predictions-file readers, so both word their errors alike.</summary>
internal static class JsonFields
{
    /// <summary>A predictions file's bytes.</summary>
    /// <exception cref="FractureException">The file cannot be read.</exception>
    public static byte[] ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FractureException($"Cannot read predictions file '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>The document of a predictions file, whose root is checked to be an array; the caller disposes it.</summary>
    /// <exception cref="PredictionsFormatException">Not JSON, or not an array.</exception>
    public static JsonDocument ParseArray(byte[] utf8, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException ex)
        {
            throw new PredictionsFormatException($"{source}: not valid JSON: {ex.Message}", ex);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            var kind = document.RootElement.ValueKind;
            document.Dispose();
            throw new PredictionsFormatException($"{source}: expected a JSON array of predictions, found {Describe(kind)}.");
        }

        return document;
    }

    public static JsonElement Required(JsonElement entry, string name, Func<string, PredictionsFormatException> error) =>
        entry.TryGetProperty(name, out var value) ? value : throw error($"missing \"{name}\".");

    // TryGetDouble fails on values outside double's range; JSON itself has no NaN or infinity literal.
    public static bool TryGetFinite(JsonElement element, out double value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out value) && double.IsFinite(value);
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>Keeps the row's "name" (when it has one) as its class's; refuses a second name for the same class.</summary>
    public static void NoteName(JsonElement entry, int classId, Dictionary<int, string> names, Func<string, PredictionsFormatException> error)
    {
        if (!entry.TryGetProperty("name", out var element) || element.ValueKind != JsonValueKind.String)
        {
            return;
        }

        var name = element.GetString()!;
        if (!names.TryAdd(classId, name) && names[classId] != name)
        {
            throw error($"class {classId} is named '{name}' here and '{names[classId]}' in an earlier row.");
        }
    }

    /// <summary>An image `fracture predict` could not predict: <c>{"image", "error"}</c>, no box.</summary>
    public static bool IsErrorRow(JsonElement entry) =>
        entry.ValueKind == JsonValueKind.Object
        && entry.TryGetProperty("error", out var error)
        && error.ValueKind == JsonValueKind.String
        && !entry.TryGetProperty("box", out _);

    /// <summary>
    /// The image an error row names, or null when its <c>"image"</c> is not a non-empty string: both readers pass such a
    /// row over alike (`predict` never writes one), rather than one of them stopping on it.
    /// </summary>
    public static string? ErrorRowImage(JsonElement entry) =>
        entry.TryGetProperty("image", out var image) && image.ValueKind == JsonValueKind.String && image.GetString() is { Length: > 0 } name ? name : null;

    /// <summary>A classifier's answer: <c>"task": "classify"</c>, no box.</summary>
    public static bool IsClassification(JsonElement entry) =>
        entry.ValueKind == JsonValueKind.Object
        && entry.TryGetProperty("task", out var task)
        && task.ValueKind == JsonValueKind.String
        && task.ValueEquals("classify");

    /// <summary>The row's <c>"image"</c>: a non-empty string, the image's file name.</summary>
    public static string ImageName(JsonElement entry, Func<string, PredictionsFormatException> error)
    {
        var image = Required(entry, "image", error);
        return image.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(image.GetString())
            ? image.GetString()!
            : throw error("\"image\" must be a non-empty string (the image file name).");
    }

    /// <summary>The row's <c>"class"</c>: a non-negative integer.</summary>
    public static int ClassId(JsonElement entry, Func<string, PredictionsFormatException> error)
    {
        var element = Required(entry, "class", error);
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var classId) && classId >= 0
            ? classId
            : throw error($"\"class\" must be a non-negative integer, found {element.GetRawText()}.");
    }
}
