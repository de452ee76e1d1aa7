using Fracture.Core.Models;

namespace Fracture.Training.Export;

/// <summary>A written model file: where, how big, and what its metadata says.</summary>
/// <param name="Checkpoint">The checkpoint file the weights came from.</param>
/// <param name="WeightsSection">Which of its weights were exported: "ema" or "model".</param>
/// <param name="Parameters">Learned values of the network as trained (BatchNorm included).</param>
/// <param name="Masks">A segmenter's mask coefficients per box (= prototypes); null for other tasks.</param>
public sealed record ExportResult(string Path, long Bytes, string Checkpoint, string WeightsSection, long Parameters, ModelMetadata Metadata, int? Masks = null);
