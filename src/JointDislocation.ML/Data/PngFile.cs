using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Data;

/// <summary>
/// The parts of PNG that Skia does not do well enough for radiographs: it reads IHDR directly (so limits apply
/// before any decoder runs), and it decodes 16-bit PNGs itself, because Skia 2.88 decodes them through half floats
/// (11-bit mantissa), which merges neighbouring 16-bit values — fatal for a 12-bit detector image stored in 16 bits.
/// </summary>
internal static class PngFile
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private static readonly uint[] CrcTable = BuildCrcTable();

    // Adam7 passes: start column, start row, column step, row step.
    private static readonly (int X, int Y, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    public static bool HasSignature(ReadOnlySpan<byte> data) => data.Length >= 8 && data[..8].SequenceEqual(Signature);

    /// <summary>Reads IHDR, which PNG requires to be the first chunk.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> data, out PngHeader header)
    {
        header = default;
        if (!HasSignature(data) || data.Length < 33)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(data[8..]);
        if (length != 13 || !data.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return false;
        }

        var ihdr = data.Slice(16, 13);
        header = new PngHeader(
            BinaryPrimitives.ReadUInt32BigEndian(ihdr),
            BinaryPrimitives.ReadUInt32BigEndian(ihdr[4..]),
            ihdr[8],
            ihdr[9],
            ihdr[12]);
        return true;
    }

    /// <summary>
    /// Decodes a 16-bit PNG (gray, gray+alpha, RGB, RGBA; interlaced or not) to 16-bit luma composited on black,
    /// then rescales the range of values actually present to 0..255.
    /// </summary>
    /// <returns>The image, or <see langword="null"/> with a reason.</returns>
    public static GrayImage? Decode16(ReadOnlySpan<byte> data, PngHeader header, out string? reason)
    {
        var channels = Channels(header, out reason);
        if (channels == 0)
        {
            return null;
        }

        using var compressed = new MemoryStream();
        if (!ReadChunks(data, compressed, out var transparent, out reason))
        {
            return null;
        }

        var samples = InflateSamples(compressed, header, channels, transparent, out reason);
        return samples is null ? null : Rescale((int)header.Width, (int)header.Height, samples);
    }

    /// <summary>The number of 16-bit samples per pixel, or 0 with a reason when this decoder does not handle the format.</summary>
    private static int Channels(PngHeader header, out string? reason)
    {
        reason = null;
        var channels = header.ColorType switch
        {
            0 => 1,
            2 => 3,
            4 => 2,
            6 => 4,
            _ => 0,
        };
        if (channels == 0 || header.BitDepth != 16 || header.Interlace > 1)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"unsupported PNG: bit depth {header.BitDepth}, colour type {header.ColorType}, interlace {header.Interlace}");
            return 0;
        }

        return channels;
    }

    /// <summary>
    /// Chunk reading: gathers IDAT into <paramref name="compressed"/> and keeps tRNS, checking each chunk's CRC
    /// (a flipped bit should be an error, not noise), up to IEND.
    /// </summary>
    private static bool ReadChunks(ReadOnlySpan<byte> data, MemoryStream compressed, out byte[]? transparent, out string? reason)
    {
        transparent = null;
        reason = null;
        var position = 8;
        var sawEnd = false;
        while (position + 12 <= data.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
            if (length > int.MaxValue || position + 12 + (long)length > data.Length)
            {
                reason = "truncated PNG (a chunk runs past the end of the file)";
                return false;
            }

            var type = data.Slice(position + 4, 4);
            var body = data.Slice(position + 8, (int)length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(data[(position + 8 + (int)length)..]);
            if (crc != Crc(data.Slice(position + 4, 4 + (int)length)))
            {
                reason = $"damaged PNG (CRC mismatch in chunk {System.Text.Encoding.ASCII.GetString(type)})";
                return false;
            }

            if (type.SequenceEqual("IDAT"u8))
            {
                compressed.Write(body);
            }
            else if (type.SequenceEqual("tRNS"u8))
            {
                transparent = body.ToArray();
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                sawEnd = true;
                break;
            }

            position += 12 + (int)length;
        }

        if (!sawEnd || compressed.Length == 0)
        {
            reason = "truncated PNG (no image data or no end chunk)";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Inflating and unfiltering: rows are inflated one at a time into a row buffer, pass by pass for Adam7, so memory
    /// stays at the output plus two rows and inflating stops at the size IHDR declares however much the stream would
    /// expand. Each unfiltered row goes straight to sample conversion.
    /// </summary>
    private static ushort[]? InflateSamples(MemoryStream compressed, PngHeader header, int channels, byte[]? transparent, out string? reason)
    {
        reason = null;
        int width = (int)header.Width, height = (int)header.Height;
        var bytesPerPixel = channels * 2;
        var passes = header.Interlace == 1 ? Adam7 : [(0, 0, 1, 1)];
        var samples = new ushort[(long)width * height];
        compressed.Position = 0;
        try
        {
            using var inflater = new ZLibStream(compressed, CompressionMode.Decompress);
            foreach (var (x0, y0, dx, dy) in passes)
            {
                int passWidth = (width - x0 + dx - 1) / dx, passHeight = (height - y0 + dy - 1) / dy;
                if (passWidth <= 0 || passHeight <= 0)
                {
                    continue;
                }

                var stride = passWidth * bytesPerPixel;
                var previous = new byte[stride];
                var current = new byte[stride + 1];
                for (var row = 0; row < passHeight; row++)
                {
                    if (inflater.ReadAtLeast(current, current.Length, throwOnEndOfStream: false) < current.Length)
                    {
                        reason = "truncated PNG (image data ends early)";
                        return null;
                    }

                    var line = current.AsSpan(1);
                    if (!Unfilter(current[0], line, previous, bytesPerPixel))
                    {
                        reason = string.Create(CultureInfo.InvariantCulture, $"damaged PNG (unknown filter type {current[0]})");
                        return null;
                    }

                    var y = y0 + (row * dy);
                    ConvertRow(line, samples.AsSpan((int)((long)y * width), width), x0, dx, passWidth, channels, transparent);
                    line.CopyTo(previous);
                }
            }
        }
        catch (InvalidDataException exception)
        {
            reason = "damaged PNG (image data does not inflate: " + exception.Message + ")";
            return null;
        }

        return samples;
    }

    /// <summary>Sample conversion: one unfiltered row of a pass to 16-bit luma at its columns of the output row.</summary>
    private static void ConvertRow(ReadOnlySpan<byte> line, Span<ushort> outputRow, int x0, int dx, int passWidth, int channels, byte[]? transparent)
    {
        var bytesPerPixel = channels * 2;
        for (var column = 0; column < passWidth; column++)
        {
            outputRow[x0 + (column * dx)] = Luma16(line.Slice(column * bytesPerPixel, bytesPerPixel), channels, transparent);
        }
    }

    /// <summary>Maps the range of values present (min..max) onto 0..255 with rounding; a flat image maps by value.</summary>
    internal static GrayImage Rescale(int width, int height, ushort[] samples)
    {
        ushort min = ushort.MaxValue, max = 0;
        foreach (var value in samples)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        var pixels = new byte[samples.Length];
        if (max == min)
        {
            Array.Fill(pixels, (byte)(((min * 255) + 32767) / 65535));
        }
        else
        {
            long range = max - min;
            for (var i = 0; i < samples.Length; i++)
            {
                pixels[i] = (byte)((((samples[i] - min) * 255L) + (range / 2)) / range);
            }
        }

        return new GrayImage(width, height, pixels);
    }

    private static ushort Luma16(ReadOnlySpan<byte> pixel, int channels, byte[]? transparent)
    {
        // tRNS marks one colour as fully transparent; composited on black it is 0.
        if (transparent is not null && (channels == 1 || channels == 3) && transparent.Length >= channels * 2
            && pixel.SequenceEqual(transparent.AsSpan(0, channels * 2)))
        {
            return 0;
        }

        long luma = channels switch
        {
            1 or 2 => BinaryPrimitives.ReadUInt16BigEndian(pixel),
            _ => ((77L * BinaryPrimitives.ReadUInt16BigEndian(pixel)) + (150L * BinaryPrimitives.ReadUInt16BigEndian(pixel[2..])) + (29L * BinaryPrimitives.ReadUInt16BigEndian(pixel[4..])) + 128) >> 8,
        };
        if (channels is 2 or 4)
        {
            var alpha = BinaryPrimitives.ReadUInt16BigEndian(pixel[((channels - 1) * 2)..]);
            luma = ((luma * alpha) + 32767) / 65535;
        }

        return (ushort)luma;
    }

    private static bool Unfilter(byte filter, Span<byte> current, ReadOnlySpan<byte> previous, int bpp)
    {
        switch (filter)
        {
            case 0:
                return true;
            case 1:
                for (var i = bpp; i < current.Length; i++)
                {
                    current[i] += current[i - bpp];
                }

                return true;
            case 2:
                for (var i = 0; i < current.Length; i++)
                {
                    current[i] += previous[i];
                }

                return true;
            case 3:
                for (var i = 0; i < current.Length; i++)
                {
                    var left = i >= bpp ? current[i - bpp] : 0;
                    current[i] += (byte)((left + previous[i]) >> 1);
                }

                return true;
            case 4:
                for (var i = 0; i < current.Length; i++)
                {
                    int a = i >= bpp ? current[i - bpp] : 0, b = previous[i], c = i >= bpp ? previous[i - bpp] : 0;
                    int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                    current[i] += (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
                }

                return true;
            default:
                return false;
        }
    }

    internal static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB8_8320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}

/// <summary>The fields of a PNG IHDR chunk that matter here.</summary>
internal readonly record struct PngHeader(uint Width, uint Height, byte BitDepth, byte ColorType, byte Interlace);
