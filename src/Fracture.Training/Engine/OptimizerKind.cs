namespace Fracture.Training.Engine;

/// <summary>The optimisers the trainer offers.</summary>
public enum OptimizerKind
{
    AdamW,
    Sgd,
}
