namespace Fracture.Core.Datasets;

/// <summary>
/// Where one split's images come from: the value written in data.yaml and what it resolved to.
/// <see cref="Note"/> says how it was resolved, because Ultralytics' rule (retry without a leading "../")
/// silently changes the meaning of the shipped yaml and users deserve to see it.
/// </summary>
public sealed record SplitSource(string Split, IReadOnlyList<string> Declared, IReadOnlyList<string> Resolved, string Note);
