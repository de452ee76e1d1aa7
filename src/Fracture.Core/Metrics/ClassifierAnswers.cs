namespace Fracture.Core.Metrics;

/// <summary>What <see cref="ClassifierAnswersJson.Read"/> found in a predictions file.</summary>
/// <param name="Answers">One answer per image, in file order.</param>
/// <param name="ClassNames">The "name" each class id carries (ids without a name absent).</param>
/// <param name="FailedImages">Images the file marks with an <c>"error"</c> row: the run could not predict them.</param>
/// <param name="BoxRows">Rows of a detector's or segmenter's findings (with a box), which are not answers.</param>
public sealed record ClassifierAnswers(
    IReadOnlyList<ClassifierAnswer> Answers,
    IReadOnlyDictionary<int, string> ClassNames,
    IReadOnlyList<string> FailedImages,
    int BoxRows);
