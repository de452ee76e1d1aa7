namespace Fracture.Server.Benchmarks;

/// <summary>What one call of the in-process load does: the part of a prediction request it keeps.</summary>
public enum PredictionLoadMode
{
    /// <summary>Decode the encoded bytes and run the task's models with the server's settings: the work, no storage, no HTTP.</summary>
    Predictor,

    /// <summary>The server's own <see cref="Predictions.PredictionService"/>: decode, predict, hash, store the image and the result; no HTTP.</summary>
    Service,
}
