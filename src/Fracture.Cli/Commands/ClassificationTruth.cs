using Fracture.Core.Evaluation;

namespace Fracture.Cli.Commands;

/// <summary>A split's image-level classes and the classifier's class names for the dataset ("no fracture" first).</summary>
internal sealed record ClassificationTruth(string Split, IReadOnlyList<LabelledImage> Images, IReadOnlyList<string> Names);
