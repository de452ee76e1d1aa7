using Fracture.Core.Metrics;

namespace Fracture.Core.Detection;

/// <summary>One box of <see cref="WeightedBoxFusion"/>: the fused box and the boxes it was made from.</summary>
/// <param name="Box">Score-weighted mean of its members' boxes; score: their summed scores divided by the number of views.</param>
/// <param name="Members">(view, index in that view's list) of each member, highest score first.</param>
public sealed record FusedBox(ScoredBox Box, IReadOnlyList<(int View, int Index)> Members);
