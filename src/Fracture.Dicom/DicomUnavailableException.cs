using Fracture.Core;

namespace Fracture.Dicom;

/// <summary>
/// DICOM cannot be decoded on this machine at all (GDCM not installed, the worker missing or not startable): a
/// deployment problem, not a bad file, reported with what to install. A front end skips the DICOM input with this
/// reason and goes on with the rest, as for any unreadable input.
/// </summary>
public sealed class DicomUnavailableException : FractureException
{
    public DicomUnavailableException()
    {
    }

    public DicomUnavailableException(string message)
        : base(message)
    {
    }

    public DicomUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
