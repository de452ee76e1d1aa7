namespace Fracture.Core;

/// <summary>Progress of long work (decoding a dataset, comparing images): a stage name and how far it is.</summary>
public readonly record struct WorkProgress(string Stage, int Done, int Total);
