namespace Fracture.Core.Datasets.Checking;

/// <summary>An image that failed to decode, or decoded only in part.</summary>
public sealed record ImageProblem(string Image, string Kind, string Message);
