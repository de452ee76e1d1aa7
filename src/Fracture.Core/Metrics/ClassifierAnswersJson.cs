using System.Text.Json;
using static Fracture.Core.Metrics.JsonFields;

namespace Fracture.Core.Metrics;

/// <summary>
/// Reads a classifier's predictions file, as `fracture predict --json` writes it for a classifier: one row per image,
/// <c>{"image": "&lt;file name&gt;", "task": "classify", "class": &lt;int&gt;, "name": "...", "score": 0..1,
/// "fractureProbability": 0..1 or null}</c>, then an <c>{"image", "error"}</c> row per image the run could not predict.
/// Rows of findings (a detector's or segmenter's, with a box) are counted, not read: the caller decides whether a
/// file of them is a mistake.
/// </summary>
public static class ClassifierAnswersJson
{
    /// <exception cref="FractureException">The file cannot be read.</exception>
    /// <exception cref="PredictionsFormatException">The content is malformed, an image has two answers, or a class two names.</exception>
    public static ClassifierAnswers Read(string path) =>
        Parse(ReadFile(path), $"Predictions file '{path}'");

    /// <summary>Parses JSON text (<see cref="Read"/>'s rules).</summary>
    /// <exception cref="PredictionsFormatException">The content is malformed.</exception>
    public static ClassifierAnswers Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(System.Text.Encoding.UTF8.GetBytes(json), "Predictions");
    }

    private static ClassifierAnswers Parse(byte[] utf8, string source)
    {
        using (var document = ParseArray(utf8, source))
        {
            var root = document.RootElement;
            var answers = new List<ClassifierAnswer>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var names = new Dictionary<int, string>();
            var failed = new List<string>();
            var (i, boxRows) = (0, 0);
            foreach (var entry in root.EnumerateArray())
            {
                PredictionsFormatException Error(string problem) => new($"{source}: entry {i}: {problem}");
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    throw Error($"expected an object, found {Describe(entry.ValueKind)}.");
                }

                if (IsClassification(entry))
                {
                    var answer = ParseAnswer(entry, Error);
                    if (!seen.TryAdd(answer.Image, i))
                    {
                        throw Error($"a second answer for image '{answer.Image}' (the first is entry {seen[answer.Image]}); a classifier answers once per image.");
                    }

                    answers.Add(answer);
                    NoteName(entry, answer.ClassId, names, Error);
                }
                else if (IsErrorRow(entry))
                {
                    if (ErrorRowImage(entry) is { } failedImage)
                    {
                        failed.Add(failedImage);
                    }
                }
                else
                {
                    boxRows++;
                }

                i++;
            }

            return new ClassifierAnswers(answers, names, failed, boxRows);
        }
    }

    private static ClassifierAnswer ParseAnswer(JsonElement entry, Func<string, PredictionsFormatException> error)
    {
        var image = ImageName(entry, error);
        var classId = ClassId(entry, error);

        var score = Probability(Required(entry, "score", error), "score", error)!.Value;
        var fracture = entry.TryGetProperty("fractureProbability", out var p) ? Probability(p, "fractureProbability", error) : null;
        return new ClassifierAnswer(image, classId, score, fracture);
    }

    /// <summary>A number in 0..1; null for JSON null.</summary>
    private static double? Probability(JsonElement element, string name, Func<string, PredictionsFormatException> error)
    {
        if (element.ValueKind == JsonValueKind.Null && name != "score")
        {
            return null;
        }

        if (!TryGetFinite(element, out var value) || value is < 0 or > 1)
        {
            throw error($"\"{name}\" must be a number in 0..1, found {element.GetRawText()}.");
        }

        return value;
    }
}
