using Fracture.Core.Metrics;

namespace Fracture.Core.Evaluation;

/// <summary>A split's labelled images joined with a classifier's answers by file name.</summary>
/// <param name="Images">The split's images that have an answer, in the split's order.</param>
/// <param name="Unanswered">The split's images without an answer (not predicted, or the run failed on them).</param>
/// <param name="OffSplit">Answers for images the split does not hold.</param>
public sealed record AnswerJoin(IReadOnlyList<ClassifiedImage> Images, IReadOnlyList<string> Unanswered, int OffSplit)
{
    /// <exception cref="PredictionsFormatException">An answer on the split has no fracture probability.</exception>
    public static AnswerJoin Of(IReadOnlyList<LabelledImage> truth, IReadOnlyList<ClassifierAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(answers);
        var byImage = answers.ToDictionary(a => a.Image, StringComparer.Ordinal);
        var images = new List<ClassifiedImage>(truth.Count);
        var unanswered = new List<string>();
        foreach (var labelled in truth)
        {
            if (!byImage.TryGetValue(labelled.Image, out var answer))
            {
                unanswered.Add(labelled.Image);
                continue;
            }

            // Without it there is no "fracture present" score, and AUC would be scored on nothing.
            var score = answer.FractureProbability
                ?? throw new PredictionsFormatException($"the answer for {answer.Image} has no fractureProbability: scoring needs a classifier with a 'no fracture' class (class 0)");
            images.Add(new ClassifiedImage(labelled.Image, labelled.ClassId, answer.ClassId, score));
        }

        var onSplit = new HashSet<string>(truth.Select(t => t.Image), StringComparer.Ordinal);
        return new AnswerJoin(images, unanswered, answers.Count(a => !onSplit.Contains(a.Image)));
    }
}
