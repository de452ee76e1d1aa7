using Fracture.Server.Contracts;
using Fracture.Server.Inputs;

namespace Fracture.Server.Storage;

/// <summary>A prediction read back from the database, with the stored format of its input image.</summary>
public sealed record StoredPrediction(Prediction Prediction, UploadFormat Format);
