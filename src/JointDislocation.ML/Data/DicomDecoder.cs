using System.Diagnostics;
using System.Globalization;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Data;

/// <summary>
/// Decodes DICOM files through DCMTK's command-line tools, after our own header check: the size the header declares
/// is held to the pixel limits and files without pixel data are refused before any tool runs. The tool is chosen by
/// transfer syntax, started with an argument list (never a shell), under a time limit (and, on Linux, address-space
/// and CPU limits through <c>prlimit</c>), and writes an 8-bit PGM into a private temporary folder that is deleted
/// afterwards; the PGM is read back by our own reader. DCMTK applies the modality LUT, the VOI transform and the
/// photometric interpretation (MONOCHROME1 comes out with bone bright), so nothing is inverted here.
/// </summary>
internal static class DicomDecoder
{
    /// <summary>The reason given for every DICOM file when DCMTK cannot be found.</summary>
    public const string MissingDcmtk = "DICOM needs DCMTK on PATH; install the dcmtk package";

    /// <summary>The reason given for a JPEG 2000 DICOM file when GDCM's <c>gdcmconv</c> cannot be found.</summary>
    public const string MissingGdcm = "JPEG 2000 DICOM needs GDCM's gdcmconv on PATH; install the libgdcm-tools package";

    /// <summary>The environment variable naming the folder that holds DCMTK's tools.</summary>
    public const string FolderVariable = "JDML_DCMTK";

    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);

    private const long AddressSpaceLimit = 4L * 1024 * 1024 * 1024;

    /// <summary>Decodes the bytes of a DICOM file, or says why not.</summary>
    public static GrayImage? Decode(ReadOnlySpan<byte> data, ImageDecodingOptions options, out string? reason)
    {
        var header = ParseHeader(data, options, out reason);
        if (header is null)
        {
            return null;
        }

        reason = Check(header, options);
        if (reason is not null)
        {
            return null;
        }

        var tool = ToolFor(header.TransferSyntax, out reason);
        if (tool is null)
        {
            return null;
        }

        // JPEG 2000 is first transcoded by GDCM to uncompressed DICOM, which DCMTK's dcm2pnm then reads.
        string? transcoder = null;
        if (tool == "gdcmconv")
        {
            transcoder = FindTool(tool, options);
            if (transcoder is null)
            {
                reason = MissingGdcm;
                return null;
            }

            tool = "dcm2pnm";
        }

        var executable = FindTool(tool, options);
        if (executable is null)
        {
            reason = MissingDcmtk;
            return null;
        }

        var folder = Directory.CreateTempSubdirectory("jdml-dicom-");
        try
        {
            var input = Path.Combine(folder.FullName, "input.dcm");
            var output = Path.Combine(folder.FullName, "output.pnm");
            using (var stream = new FileStream(input, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(data);
            }

            if (transcoder is not null)
            {
                var raw = Path.Combine(folder.FullName, "raw.dcm");
                if (!Run(transcoder, ["--quiet", "--raw", input, raw], "GDCM", out reason))
                {
                    return null;
                }

                if (!File.Exists(raw))
                {
                    reason = "GDCM's gdcmconv wrote no file";
                    return null;
                }

                input = raw;
            }

            if (!Run(executable, Arguments(header, options, input, output), "DCMTK", out reason))
            {
                return null;
            }

            if (!File.Exists(output))
            {
                reason = $"DCMTK's {tool} wrote no image";
                return null;
            }

            var image = PgmFile.Decode(File.ReadAllBytes(output), options, out reason);
            if (image is not null && (image.Width != header.Columns || image.Height != header.Rows))
            {
                reason = $"DCMTK's {tool} wrote {image.Width}×{image.Height} pixels, the header declares {header.Columns}×{header.Rows}";
                return null;
            }

            return image;
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is no reason to fail the decode.
            }
        }
    }

    /// <summary>
    /// Parses the header. It ends where Pixel Data starts, so the first MiB is parsed first (the parser copies what it
    /// reads; copying a 10 MB radiograph for its header was a measurable share of the decode); the whole file only when
    /// that does not reach Pixel Data, fails, or the data set is deflated.
    /// </summary>
    internal static DicomHeader? ParseHeader(ReadOnlySpan<byte> data, ImageDecodingOptions options, out string? reason)
    {
        const int window = 1 << 20;
        if (data.Length > window)
        {
            var quick = DicomHeader.TryParse(data[..window], options.MaxFileBytes * 4, out reason, data.Length);
            if (quick is { HasPixelData: true } && quick.TransferSyntax != "1.2.840.10008.1.2.1.99")
            {
                return quick;
            }
        }

        return DicomHeader.TryParse(data, options.MaxFileBytes * 4, out reason);
    }

    /// <summary>Why the header is refused before any tool runs, or <see langword="null"/>.</summary>
    internal static string? Check(DicomHeader header, ImageDecodingOptions options)
    {
        if (!header.HasPixelData)
        {
            return "DICOM file without pixel data (a structured report, encapsulated PDF or DICOMDIR?): no image to read";
        }

        if (header.Frames < 1)
        {
            return "damaged DICOM: Number of Frames is not a positive whole number";
        }

        var sizeReason = options.CheckDeclaredSize(header.Columns, header.Rows);
        if (sizeReason is not null)
        {
            return sizeReason;
        }

        var total = (long)header.Columns * header.Rows * header.Frames;
        if (total > options.MaxPixels)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"declares {header.Columns}×{header.Rows} pixels × {header.Frames} frames = {total}, above the limit of {options.MaxPixels}");
        }

        if (header.BitsAllocated is not (1 or 8 or 16 or 32) || header.SamplesPerPixel is not (1 or 3))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"unsupported DICOM pixels: {header.BitsAllocated} bits allocated, {header.SamplesPerPixel} samples per pixel");
        }

        if (header.PixelDataLength >= 0 && header.BitsAllocated >= 8)
        {
            var needed = total * header.SamplesPerPixel * (header.BitsAllocated / 8);
            if (header.PixelDataLength < needed)
            {
                return string.Create(CultureInfo.InvariantCulture, $"truncated DICOM: pixel data holds {header.PixelDataLength} bytes, {needed} needed");
            }
        }

        return null;
    }

    /// <summary>
    /// The DCMTK 3.6.7 tool that reads a transfer syntax (<c>gdcmconv</c> for JPEG 2000, which GDCM first transcodes
    /// for <c>dcm2pnm</c>), or <see langword="null"/> with the reason.
    /// </summary>
    internal static string? ToolFor(string transferSyntax, out string? reason)
    {
        reason = null;
        switch (transferSyntax)
        {
            case "1.2.840.10008.1.2":
            case "1.2.840.10008.1.2.1":
            case "1.2.840.10008.1.2.2":
            case "1.2.840.10008.1.2.1.99":
            case "1.2.840.10008.1.2.5":
                return "dcm2pnm";
            case "1.2.840.10008.1.2.4.50":
            case "1.2.840.10008.1.2.4.51":
            case "1.2.840.10008.1.2.4.57":
            case "1.2.840.10008.1.2.4.70":
                return "dcmj2pnm";
            case "1.2.840.10008.1.2.4.80":
            case "1.2.840.10008.1.2.4.81":
                return "dcml2pnm";
            case "1.2.840.10008.1.2.4.90":
            case "1.2.840.10008.1.2.4.91":
                return "gdcmconv";
            default:
                reason = $"unsupported DICOM transfer syntax {transferSyntax}";
                return null;
        }
    }

    /// <summary>
    /// The tool's full path: in the options' folder, else in <c>JDML_DCMTK</c>'s, else on <c>PATH</c>. GDCM's
    /// <c>gdcmconv</c> is looked up the same way, so a folder named for DCMTK must hold it too (a link will do).
    /// </summary>
    internal static string? FindTool(string tool, ImageDecodingOptions options)
    {
        var name = OperatingSystem.IsWindows() ? tool + ".exe" : tool;
        var folder = options.DcmtkFolder ?? Environment.GetEnvironmentVariable(FolderVariable);
        if (!string.IsNullOrEmpty(folder))
        {
            var candidate = Path.Combine(folder, name);
            return File.Exists(candidate) ? candidate : null;
        }

        foreach (var entry in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(entry, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static List<string> Arguments(DicomHeader header, ImageDecodingOptions options, string input, string output)
    {
        var arguments = new List<string> { "--quiet", "--frame", "1" };
        if (options.DicomWindow == DicomWindowChoice.MinMax)
        {
            arguments.Add("+Wm");
        }
        else if (header.HasVoiLut)
        {
            arguments.AddRange(["+Wl", "1"]);
        }
        else if (header.HasWindow)
        {
            arguments.AddRange(["+Wi", "1"]);
        }
        else if (header.BitsStored > 8)
        {
            arguments.Add("+Wm");
        }
        else
        {
            arguments.Add("-W");
        }

        arguments.AddRange(["--write-raw-pnm", input, output]);
        return arguments;
    }

    private static bool Run(string executable, List<string> arguments, string kit, out string? reason)
    {
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            CreateNoWindow = true,
        };
        const string prlimit = "/usr/bin/prlimit";
        if (OperatingSystem.IsLinux() && File.Exists(prlimit))
        {
            start.FileName = prlimit;
            start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--as={AddressSpaceLimit}"));
            start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--cpu={(int)TimeLimit.TotalSeconds}"));
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(executable);
        }
        else
        {
            start.FileName = executable;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var tool = Path.GetFileNameWithoutExtension(executable);
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                reason = $"{kit}'s {tool} could not be started";
                return false;
            }

            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            var standardOutput = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeLimit))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                reason = string.Create(CultureInfo.InvariantCulture, $"{kit}'s {tool} took longer than {TimeLimit.TotalSeconds:0} s and was stopped");
                return false;
            }

            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var message = (error.Result + " " + standardOutput.Result).Trim();
                var firstLine = message.Split('\n', 2)[0].Trim();
                reason = string.Create(CultureInfo.InvariantCulture,
                    $"{kit}'s {tool} cannot decode it (exit code {process.ExitCode}{(firstLine.Length > 0 ? ": " + (firstLine.Length > 200 ? firstLine[..200] : firstLine) : "")})");
                return false;
            }

            reason = null;
            return true;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            reason = $"{kit}'s {tool} could not be started: {exception.Message}";
            return false;
        }
    }
}
