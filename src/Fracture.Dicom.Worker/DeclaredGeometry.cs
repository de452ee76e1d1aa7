namespace Fracture.Dicom.Worker;

/// <summary>The image a compressed frame's own header declares: what its codec allocates and writes, whatever the DICOM header says.</summary>
/// <param name="Codec">"JPEG", "JPEG-LS" or "JPEG 2000", for messages.</param>
/// <param name="Precision">Bits a sample, the largest over the components.</param>
internal sealed record DeclaredGeometry(string Codec, long Width, long Height, int Components, int Precision)
{
    /// <summary>Bytes a decoded sample takes: GDCM's codecs write 1, 2 or 4 by precision.</summary>
    public static int SampleBytes(int bits) => bits <= 8 ? 1 : bits <= 16 ? 2 : 4;
}
