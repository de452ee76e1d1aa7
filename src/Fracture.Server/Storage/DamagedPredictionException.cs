using Fracture.Core;

namespace Fracture.Server.Storage;

/// <summary>
/// A stored prediction whose row cannot be read back: JSON that does not parse, or an image format this server does
/// not know (a row a newer version wrote, or a hand edit). Its id stays usable: deleting it needs neither.
/// </summary>
public sealed class DamagedPredictionException : FractureException
{
    public DamagedPredictionException()
        : this(string.Empty, "the stored prediction cannot be read")
    {
    }

    public DamagedPredictionException(string message)
        : this(string.Empty, message)
    {
    }

    public DamagedPredictionException(string message, Exception innerException)
        : this(string.Empty, message, innerException)
    {
    }

    public DamagedPredictionException(string id, string message, Exception? innerException = null)
        : base(message, innerException!)
    {
        Id = id;
    }

    /// <summary>The prediction's id ("" when not known).</summary>
    public string Id { get; }
}
