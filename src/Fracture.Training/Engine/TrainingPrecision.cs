namespace Fracture.Training.Engine;

/// <summary>The number format of the training step's forward and backward passes.</summary>
public enum TrainingPrecision
{
    /// <summary>Everything in float32.</summary>
    Float32,

    /// <summary>
    /// Convolutions and linear layers compute in bfloat16 on a copy of the network, from float32 master weights that
    /// the optimiser updates (<see cref="BFloat16Compute"/>); normalisation and the losses stay float32.
    /// </summary>
    BFloat16,
}
