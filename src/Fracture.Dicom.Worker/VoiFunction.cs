namespace Fracture.Dicom.Worker;

/// <summary>VOI LUT Function (0028,1056): how a window maps values (DICOM PS3.3 C.11.2.1.2 and C.11.2.1.3).</summary>
internal enum VoiFunction
{
    /// <summary>LINEAR, the default.</summary>
    Linear,

    /// <summary>LINEAR_EXACT: the window's ends are exactly Center ± Width/2.</summary>
    LinearExact,

    /// <summary>SIGMOID: a logistic curve centred on Center.</summary>
    Sigmoid,
}
