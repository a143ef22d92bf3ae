using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using JointDislocation.ML.Tests.Data;
using SkiaSharp;

namespace JointDislocation.ML.Tests.Reliability;

/// <summary>What a command must do with a hostile file.</summary>
internal enum HostileExpectation
{
    /// <summary>A valid, if unusual, image: it must be decoded and used.</summary>
    Accepted,

    /// <summary>It must be refused: skipped and listed, or exit 2 naming it.</summary>
    Refused,

    /// <summary>Either decoded or refused cleanly (a CMYK JPEG: the decoder may or may not support it), never a crash.</summary>
    Either,
}

/// <summary>One file of the corpus.</summary>
/// <param name="Path">Full path.</param>
/// <param name="Expectation">What must happen to it.</param>
/// <param name="Reason">A fragment the refusal reason must contain (for <see cref="HostileExpectation.Refused"/>).</param>
internal sealed record HostileFile(string Path, HostileExpectation Expectation, string? Reason = null)
{
    public string Name => System.IO.Path.GetFileName(Path);

    public override string ToString() => Name;
}

/// <summary>
/// The hostile inputs of issue 9, made by the tests themselves: broken, lying, unusual and unreadable image files, and
/// CSV manifests and score tables with every kind of bad row. Built once here and run through every command.
/// </summary>
internal static class HostileCorpus
{
    /// <summary>The names of the image files <see cref="WriteImages"/> writes (a symbolic-link loop is two names).</summary>
    public static readonly string[] ImageNames =
    [
        "zero-byte.png", "truncated.png", "truncated.jpg", "text-file.png", "bomb-100000x100000.png", "animated.gif",
        "sixteen-bit.png", "cmyk.jpg", "one-pixel.png", "unreadable.png", "folder-named.png", "loop-a.png", "loop-b.png",
        "truncated.dcm", "wrong-length.dcm", "bomb-60000x60000.dcm", "structured-report.dcm",
    ];

    /// <summary>
    /// Writes the hostile image files into <paramref name="folder"/>. The unreadable case is a FIFO (a named pipe: a
    /// reader that opened it would wait forever for a writer) because the tests may run as root, who can read a file
    /// with mode 000; where <c>mkfifo</c> is missing it is a mode-000 file (refused unless the tests run as root).
    /// </summary>
    public static IReadOnlyList<HostileFile> WriteImages(string folder)
    {
        Directory.CreateDirectory(folder);
        string At(string name) => System.IO.Path.Combine(folder, name);
        var pattern = TestImages.Pattern(64, 48, variant: 3);
        var png = TestImages.GrayPng(64, 48, pattern);
        var jpeg = TestImages.SkiaEncode(64, 48, pattern, SKEncodedImageFormat.Jpeg, 85);
        var sixteen = new byte[64 * 48 * 2];
        for (var i = 0; i < pattern.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(sixteen.AsSpan(i * 2), (ushort)((pattern[i] * 200) + 1000));
        }

        var files = new List<HostileFile>
        {
            new(TestImages.Write(At("zero-byte.png"), []), HostileExpectation.Refused, "empty file"),
            new(TestImages.Write(At("truncated.png"), png[..(png.Length / 2)]), HostileExpectation.Refused, "truncated"),
            new(TestImages.Write(At("truncated.jpg"), jpeg[..(jpeg.Length / 2)]), HostileExpectation.Refused, "truncated"),
            new(TestImages.Write(At("text-file.png"), Encoding.UTF8.GetBytes("This is a text file with an image's name.\n")), HostileExpectation.Refused, "not an image (unrecognised content)"),
            new(TestImages.Write(At("bomb-100000x100000.png"), TestImages.PngHeaderOnly(100_000, 100_000)), HostileExpectation.Refused, "100000×100000"),
            new(TestImages.Write(At("animated.gif"), TestImages.Gif(64, 48, pattern, TestImages.Unrelated(64, 48))), HostileExpectation.Accepted),
            new(TestImages.Write(At("sixteen-bit.png"), TestImages.Png(64, 48, 16, 0, sixteen)), HostileExpectation.Accepted),
            new(TestImages.Write(At("cmyk.jpg"), CmykJpeg(64, 48, pattern)), HostileExpectation.Either),
            new(TestImages.Write(At("one-pixel.png"), TestImages.GrayPng(1, 1, [128])), HostileExpectation.Accepted),

            // DICOM, refused by our own header check before any DCMTK tool runs (so these need no DCMTK).
            new(TestImages.Write(At("truncated.dcm"), Dicom(48, 64, pattern)[..^1500]), HostileExpectation.Refused, "truncated DICOM"),
            new(TestImages.Write(At("wrong-length.dcm"), Dicom(48, 64, pattern, modalityLength: 0xFFF0)), HostileExpectation.Refused, "damaged DICOM"),
            new(TestImages.Write(At("bomb-60000x60000.dcm"), Dicom(60000, 60000, pattern)), HostileExpectation.Refused, "60000×60000"),
            new(TestImages.Write(At("structured-report.dcm"), Dicom(48, 64, null)), HostileExpectation.Refused, "without pixel data"),
        };

        var unreadable = At("unreadable.png");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The hostile corpus needs FIFOs or Unix file modes.");
        }

        if (TryMakeFifo(unreadable))
        {
            // A FIFO reports size 0; it is refused by its size before anything opens it.
            files.Add(new HostileFile(unreadable, HostileExpectation.Refused, "empty file"));
        }
        else
        {
            TestImages.Write(unreadable, png);
            File.SetUnixFileMode(unreadable, UnixFileMode.None);
            files.Add(new HostileFile(unreadable, HostileExpectation.Refused, "denied"));
        }

        var folderNamed = At("folder-named.png");
        Directory.CreateDirectory(folderNamed);
        files.Add(new HostileFile(folderNamed, HostileExpectation.Refused, "folder"));

        var loopA = At("loop-a.png");
        var loopB = At("loop-b.png");
        File.CreateSymbolicLink(loopA, loopB);
        File.CreateSymbolicLink(loopB, loopA);
        files.Add(new HostileFile(loopA, HostileExpectation.Refused, "symbolic link"));
        files.Add(new HostileFile(loopB, HostileExpectation.Refused, "symbolic link"));
        return files;
    }

    /// <summary>
    /// A small DICOM file written by hand (explicit VR little endian, 8-bit MONOCHROME2): enough for the header check,
    /// which refuses each damaged variant before any DCMTK tool sees it. <paramref name="pixels"/> null leaves the pixel
    /// data out (like a structured report); <paramref name="modalityLength"/> makes the Modality element lie about its length.
    /// </summary>
    public static byte[] Dicom(int rows, int columns, byte[]? pixels, int modalityLength = 2)
    {
        using var stream = new MemoryStream();
        stream.Write(new byte[128]);
        stream.Write("DICM"u8);
        void Element(ushort group, ushort element, string vr, ReadOnlySpan<byte> value, int? declared = null)
        {
            Span<byte> head = stackalloc byte[8];
            BinaryPrimitives.WriteUInt16LittleEndian(head, group);
            BinaryPrimitives.WriteUInt16LittleEndian(head[2..], element);
            head[4] = (byte)vr[0];
            head[5] = (byte)vr[1];
            if (vr is "OB" or "OW")
            {
                stream.Write(head[..6]);
                stream.Write([0, 0]);
                Span<byte> length = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)(declared ?? value.Length));
                stream.Write(length);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(head[6..], (ushort)(declared ?? value.Length));
                stream.Write(head);
            }

            stream.Write(value);
        }

        static byte[] Short(int value) => [(byte)value, (byte)(value >> 8)];
        Element(0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1\0"u8);
        Element(0x0008, 0x0060, "CS", "CR"u8, modalityLength);
        Element(0x0028, 0x0002, "US", Short(1));
        Element(0x0028, 0x0004, "CS", "MONOCHROME2 "u8);
        Element(0x0028, 0x0010, "US", Short(rows));
        Element(0x0028, 0x0011, "US", Short(columns));
        Element(0x0028, 0x0100, "US", Short(8));
        Element(0x0028, 0x0101, "US", Short(8));
        if (pixels is not null)
        {
            Element(0x7FE0, 0x0010, "OB", pixels);
        }

        return stream.ToArray();
    }

    /// <summary>Removes what <see cref="WriteImages"/> made that a recursive delete may trip over (links, FIFOs, mode 000).</summary>
    public static void Defuse(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var name in ImageNames)
        {
            var path = System.IO.Path.Combine(folder, name);
            var info = new FileInfo(path);
            if (info.LinkTarget is not null || (info.Exists && info.Length == 0))
            {
                info.Delete();
            }
        }
    }

    /// <summary>
    /// A real four-component (CMYK, Adobe transform 0) baseline JPEG: Skia cannot write one, so a one-component JPEG
    /// that Skia wrote is taken apart and its tables and scan reused for four non-interleaved scans (C = M = Y = K).
    /// </summary>
    public static byte[] CmykJpeg(int width, int height, byte[] gray)
    {
        byte[] source;
        using (var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque)))
        {
            System.Runtime.InteropServices.Marshal.Copy(gray, 0, bitmap.GetPixels(), gray.Length);
            using var image = SKImage.FromBitmap(bitmap);
            using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
            source = data.ToArray();
        }

        var tables = new MemoryStream();
        byte[]? frame = null;
        byte[]? scanHeader = null;
        byte[]? entropy = null;
        var at = 2;
        while (at < source.Length && entropy is null)
        {
            if (source[at] != 0xFF)
            {
                throw new InvalidOperationException($"JPEG marker expected at {at}.");
            }

            var marker = source[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(source.AsSpan(at + 2));
            var segment = source.AsSpan(at, length + 2).ToArray();
            switch (marker)
            {
                case 0xDB or 0xC4:
                    tables.Write(segment);
                    break;
                case 0xC0:
                    frame = segment;
                    break;
                case 0xDA:
                    scanHeader = segment;
                    entropy = source[(at + length + 2)..^2];
                    break;
            }

            at += length + 2;
        }

        if (frame is null || scanHeader is null || entropy is null || frame[9] != 1)
        {
            throw new InvalidOperationException("Skia did not write a one-component baseline JPEG.");
        }

        var quantTable = frame[12];
        var huffmanTables = scanHeader[6];
        using var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        jpeg.Write([0xFF, 0xEE, 0, 14, (byte)'A', (byte)'d', (byte)'o', (byte)'b', (byte)'e', 0, 100, 0, 0, 0, 0, 0]);
        jpeg.Write(tables.ToArray());
        jpeg.Write([0xFF, 0xC0, 0, 20, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 4]);
        for (byte c = 1; c <= 4; c++)
        {
            jpeg.Write([c, 0x11, quantTable]);
        }

        for (byte c = 1; c <= 4; c++)
        {
            jpeg.Write([0xFF, 0xDA, 0, 8, 1, c, huffmanTables, 0, 63, 0]);
            jpeg.Write(entropy);
        }

        jpeg.Write([0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    private static bool TryMakeFifo(string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { RedirectStandardError = true, UseShellExecute = false });
            if (process is null)
            {
                return false;
            }

            process.WaitForExit(10_000);
            return process.ExitCode == 0 && File.Exists(path);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
