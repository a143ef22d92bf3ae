using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using JointDislocation.ML.Data;

namespace JointDislocation.ML.Benchmarks;

/// <summary>
/// DICOM decoding throughput next to PNG decoding of the same pixels: one 2000×2500 16-bit radiograph-like image,
/// written as uncompressed DICOM (with a window spanning its values) and as a 16-bit grey PNG, each decoded
/// <c>--images</c> times, one after the other, through <see cref="RadiographDecoder"/> — for DICOM that is our header
/// check, a private temporary copy, DCMTK's <c>dcm2pnm</c> (a new process each time, start included) and reading its
/// PGM back. Also times <c>dcm2pnm</c> alone on the file (the same arguments, no copy, no read-back) and bare starts of
/// <c>dcm2pnm</c> (<c>--version</c>), which bound the DICOM path from below.
/// </summary>
internal sealed class DicomBenchmark : IQuickBenchmark
{
    private const int Width = 2000;
    private const int Height = 2500;

    public string Name => "dicom";

    public string Description => "DICOM (2000×2500, 16-bit, through dcm2pnm) vs 16-bit PNG decode throughput [--images N] [--json]";

    public async Task<int> RunAsync(string[] args)
    {
        var parsed = await ImageBenchmarkArguments.ParseAsync("dicom", args, defaultImages: 20);
        if (parsed is not { } arguments)
        {
            return 2;
        }

        var (images, json) = arguments;
        if (DicomDecoder.FindTool("dcm2pnm", ImageDecodingOptions.Default) is not { } dcm2pnm)
        {
            await Console.Error.WriteLineAsync(RadiographDecoder.DicomNeedsDcmtk);
            return 1;
        }

        var result = ImageBenchmarkArguments.InTemporaryFolder("jdml-dicom-bench", folder => Measure(folder, images, dcm2pnm));
        Console.WriteLine($"image                      {Width}×{Height}, 16 bits stored; DICOM {result.DicomBytes / 1e6:F1} MB, PNG {result.PngBytes / 1e6:F1} MB");
        Console.WriteLine($"decodes each               {result.Images}");
        Console.WriteLine($"PNG (16-bit)               {result.PngImagesPerSecond,8:F2} img/s   {result.PngMilliseconds,7:F1} ms/img");
        Console.WriteLine($"DICOM (dcm2pnm)            {result.DicomImagesPerSecond,8:F2} img/s   {result.DicomMilliseconds,7:F1} ms/img   DICOM/PNG time {result.DicomOverPng:F2}");
        Console.WriteLine($"dcm2pnm alone              {result.Dcm2pnmMilliseconds,16:F1} ms   (same arguments, no copy, no read-back)");
        Console.WriteLine($"dcm2pnm --version start    {result.ProcessStartMilliseconds,16:F1} ms");
        Console.WriteLine($"max |DICOM - PNG| grey     {result.MaxGreyDifference} (window = the PNG's min–max rescale)");
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result, ImageBenchmarkArguments.Json));
        }

        return 0;
    }

    private static DicomResult Measure(string folder, int count, string dcm2pnm)
    {
        var samples = Samples();
        var (min, max) = (samples.Min(), samples.Max());
        var dicomPath = Path.Combine(folder, "image.dcm");
        var pngPath = Path.Combine(folder, "image.png");
        File.WriteAllBytes(dicomPath, Dicom(samples, min, max));
        File.WriteAllBytes(pngPath, Png16(samples));

        // Warm-up: JIT, the page cache and DCMTK's shared libraries stay out of the timings.
        var fromDicom = RadiographDecoder.Decode(dicomPath).Pixels.ToArray();
        var fromPng = RadiographDecoder.Decode(pngPath).Pixels.ToArray();
        var difference = fromDicom.Zip(fromPng, (a, b) => Math.Abs(a - b)).Max();
        Start(dcm2pnm, "--version");
        var pgm = Path.Combine(folder, "alone.pgm");
        string[] alone = ["--quiet", "--frame", "1", "+Wi", "1", "--write-raw-pnm", dicomPath, pgm];
        Start(dcm2pnm, alone);

        // Interleaved rounds, so that load from other processes falls on both paths alike.
        double dicomSeconds = 0, pngSeconds = 0, startSeconds = 0, aloneSeconds = 0;
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            RadiographDecoder.Decode(pngPath);
            pngSeconds += clock.Elapsed.TotalSeconds;
            clock.Restart();
            RadiographDecoder.Decode(dicomPath);
            dicomSeconds += clock.Elapsed.TotalSeconds;
            clock.Restart();
            Start(dcm2pnm, alone);
            aloneSeconds += clock.Elapsed.TotalSeconds;
            clock.Restart();
            Start(dcm2pnm, "--version");
            startSeconds += clock.Elapsed.TotalSeconds;
        }

        return new DicomResult(
            count,
            new FileInfo(dicomPath).Length,
            new FileInfo(pngPath).Length,
            count / pngSeconds,
            count / dicomSeconds,
            1000 * pngSeconds / count,
            1000 * dicomSeconds / count,
            dicomSeconds / pngSeconds,
            1000 * aloneSeconds / count,
            1000 * startSeconds / count,
            difference);
    }

    private static void Start(string dcm2pnm, params string[] arguments)
    {
        var start = new ProcessStartInfo(dcm2pnm) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
    }

    /// <summary>A radiograph-like 12-bit scene in 16-bit samples: a bright disc on a ramp, with fixed pseudo-noise.</summary>
    private static ushort[] Samples()
    {
        var samples = new ushort[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var dx = x - 1200.0;
                var dy = y - 1100.0;
                var disc = (dx * dx) + (dy * dy) < 400.0 * 400.0 ? 1500 : 0;
                var noise = (int)((uint)((x * 73856093) ^ (y * 19349663)) % 97);
                samples[(y * Width) + x] = (ushort)(300 + (x / 2) + (y / 4) + disc + noise);
            }
        }

        return samples;
    }

    /// <summary>Explicit VR little endian, MONOCHROME2, 16 bits allocated, 12 stored, with one window spanning min–max.</summary>
    private static byte[] Dicom(ushort[] samples, int min, int max)
    {
        using var stream = new MemoryStream();
        stream.Write(new byte[128]);
        stream.Write("DICM"u8);
        void Element(ushort group, ushort element, string vr, ReadOnlySpan<byte> value)
        {
            Span<byte> head = stackalloc byte[12];
            BinaryPrimitives.WriteUInt16LittleEndian(head, group);
            BinaryPrimitives.WriteUInt16LittleEndian(head[2..], element);
            head[4] = (byte)vr[0];
            head[5] = (byte)vr[1];
            if (vr == "OW")
            {
                BinaryPrimitives.WriteUInt32LittleEndian(head[8..], (uint)value.Length);
                stream.Write(head);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(head[6..], (ushort)value.Length);
                stream.Write(head[..8]);
            }

            stream.Write(value);
        }

        static byte[] Short(int value) => [(byte)value, (byte)(value >> 8)];
        static byte[] Text(string value) => System.Text.Encoding.ASCII.GetBytes(value.Length % 2 == 0 ? value : value + " ");
        Element(0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1\0"u8);
        Element(0x0008, 0x0060, "CS", "DX"u8);
        Element(0x0028, 0x0002, "US", Short(1));
        Element(0x0028, 0x0004, "CS", "MONOCHROME2 "u8);
        Element(0x0028, 0x0010, "US", Short(Height));
        Element(0x0028, 0x0011, "US", Short(Width));
        Element(0x0028, 0x0100, "US", Short(16));
        Element(0x0028, 0x0101, "US", Short(12));
        Element(0x0028, 0x0102, "US", Short(11));
        Element(0x0028, 0x0103, "US", Short(0));

        // DICOM's linear window maps c - 0.5 - (w-1)/2 .. c - 0.5 + (w-1)/2 onto the output range.
        Element(0x0028, 0x1050, "DS", Text(((min + max + 1) / 2.0).ToString("0.#", CultureInfo.InvariantCulture)));
        Element(0x0028, 0x1051, "DS", Text((max - min + 1).ToString(CultureInfo.InvariantCulture)));
        var pixels = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(pixels.AsSpan(i * 2), samples[i]);
        }

        Element(0x7FE0, 0x0010, "OW", pixels);
        return stream.ToArray();
    }

    /// <summary>A 16-bit grey PNG, each row filtered with Sub, deflated at the fastest level (as scanners tend to write).</summary>
    private static byte[] Png16(ushort[] samples)
    {
        var raw = new byte[Height * (1 + (Width * 2))];
        for (var y = 0; y < Height; y++)
        {
            var row = y * (1 + (Width * 2));
            raw[row] = 1;
            for (var x = 0; x < Width; x++)
            {
                var value = samples[(y * Width) + x];
                var previous = x == 0 ? 0 : samples[(y * Width) + x - 1];
                raw[row + 1 + (x * 2)] = (byte)((value >> 8) - (previous >> 8));
                raw[row + 2 + (x * 2)] = (byte)((value & 0xFF) - (previous & 0xFF));
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        void Chunk(string type, ReadOnlySpan<byte> data)
        {
            var body = new byte[4 + data.Length];
            System.Text.Encoding.ASCII.GetBytes(type).CopyTo(body, 0);
            data.CopyTo(body.AsSpan(4));
            Span<byte> number = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(number, (uint)data.Length);
            png.Write(number);
            png.Write(body);
            BinaryPrimitives.WriteUInt32BigEndian(number, PngFile.Crc(body));
            png.Write(number);
        }

        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, Width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 16;
        Chunk("IHDR", header);
        Chunk("IDAT", compressed.ToArray());
        Chunk("IEND", []);
        return png.ToArray();
    }

    private sealed record DicomResult(
        int Images,
        long DicomBytes,
        long PngBytes,
        double PngImagesPerSecond,
        double DicomImagesPerSecond,
        double PngMilliseconds,
        double DicomMilliseconds,
        double DicomOverPng,
        double Dcm2pnmMilliseconds,
        double ProcessStartMilliseconds,
        int MaxGreyDifference);
}
