using System.Text.Json.Nodes;
using Fracture.Training.Engine;

namespace Fracture.Training.Export;

/// <summary>What a model card is written from: the exported file, and the training run's own record of the checkpoint.</summary>
/// <param name="Export">The written file and its metadata.</param>
/// <param name="Header">The exported checkpoint's header: options, history, the epoch's metrics.</param>
/// <param name="Sha256">The written file's SHA-256, hex.</param>
/// <param name="Validation">
/// The run's best-val.json when it scored this checkpoint's epoch (per-class figures, "fracture present" figures,
/// confusion matrix); null for another checkpoint (last.ckpt of a run whose best epoch was earlier) or when missing.
/// </param>
/// <param name="RunHistory">
/// Every epoch of the run (its last checkpoint's history): a best checkpoint's own history stops at its epoch.
/// </param>
public sealed record ModelCardSource(ExportResult Export, CheckpointHeader Header, string Sha256, JsonObject? Validation, IReadOnlyList<EpochRecord> RunHistory);
