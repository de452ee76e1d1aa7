using System.Globalization;
using System.Runtime.InteropServices;

namespace Fracture.Dicom.Worker;

/// <summary>
/// Caps the worker's memory from the pixel limit. The limit is checked from the DICOM header, but GDCM hands a
/// compressed stream to its codec without comparing the stream's own size with the header's: a JPEG 2000 stream
/// declaring 60000x60000 in a 64x64 file made OpenJPEG allocate 14.4 GB (4 bytes a sample), a JPEG-LS one CharLS's
/// output for its own size. On Linux the process's address space is capped at its size at start (the runtime's
/// reservations, its GC range included, are made by then) plus <see cref="Budget"/>; the managed heap, which
/// commits inside that earlier reservation, gets the same budget as its hard limit. A native allocation past the
/// cap fails (the codec gives up, or aborts the process); a managed one throws <see cref="OutOfMemoryException"/>.
/// Elsewhere nothing is capped.
/// </summary>
internal static class WorkerMemoryCap
{
    /// <summary>
    /// Bytes a pixel of the limit may take through a decode: 16-bit RGB is 6 bytes a pixel, and a JPEG 2000 decode
    /// holds about 8 such at its peak (OpenJPEG's 4-byte samples, GDCM's output and its copies in a stream, a string
    /// and the data element, the compressed stream's copies when it hardly compresses). Measured: 14 bytes a pixel
    /// for 16-bit grey JPEG 2000, 27 for 16-bit RGB, 9 for RLE (docs/server.md).
    /// </summary>
    public const long BytesPerPixel = 48;

    /// <summary>
    /// Room for what grows whatever the image: the JIT, GDCM's libraries and dictionaries, thread stacks and glibc's
    /// 64 MB malloc arenas (a 64x64 file grew the address space by 241 MB under glibc, 48 MB under tcmalloc).
    /// </summary>
    public const long FixedBytes = 512L << 20;

    // getrlimit/setrlimit's resource number for the address space on x64 and arm64 Linux.
    private const int AddressSpaceResource = 9;

    /// <summary>The memory a decode under <paramref name="maxPixels"/> may use, native and managed each.</summary>
    public static long Budget(long maxPixels) =>
        maxPixels >= (long.MaxValue - FixedBytes) / BytesPerPixel ? long.MaxValue : (maxPixels * BytesPerPixel) + FixedBytes;

    /// <summary>
    /// Applies the cap; returns the address-space limit now in force, or null where none was set (not Linux, or an
    /// architecture whose resource numbers differ, or /proc unreadable). A lower limit already in force is kept.
    /// </summary>
    public static long? Apply(long maxPixels)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64)
            || ProcStatus("VmSize") is not { } size)
        {
            return null;
        }

        var budget = Budget(maxPixels);
        var limit = size >= long.MaxValue - budget ? long.MaxValue : size + budget;
        if (GetLimit(AddressSpaceResource, out var current) != 0)
        {
            return null;
        }

        // Both soft and hard: nothing in this process may raise it again. RLIM_INFINITY is all ones, above any long.
        var wanted = (ulong)limit;
        var next = new ResourceLimit { Current = Math.Min(wanted, current.Current), Maximum = Math.Min(wanted, current.Maximum) };
        if (SetLimit(AddressSpaceResource, in next) != 0)
        {
            return null;
        }

        if (budget < long.MaxValue)
        {
            AppContext.SetData("GCHeapHardLimit", (ulong)budget);
            try
            {
                GC.RefreshMemoryLimit();
            }
            catch (InvalidOperationException)
            {
                // Refused (already more committed, or a container's limit in the way): the address-space cap still holds.
            }
        }

        return (long)Math.Min(next.Current, long.MaxValue);
    }

    /// <summary>A size line of /proc/self/status (VmSize, VmPeak, VmHWM, ...) in bytes; null when there is none.</summary>
    public static long? ProcStatus(string field)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                // "VmSize:\t  123456 kB"
                if (line.StartsWith(field + ":", StringComparison.Ordinal)
                    && long.TryParse(line[(field.Length + 1)..].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
                {
                    return kilobytes * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    // DllImport, not LibraryImport: the generated marshalling needs unsafe code, which nothing else here uses.
    [DllImport("libc", EntryPoint = "getrlimit")]
    private static extern int GetLimit(int resource, out ResourceLimit limit);

    [DllImport("libc", EntryPoint = "setrlimit")]
    private static extern int SetLimit(int resource, in ResourceLimit limit);
}
