using System.Globalization;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Data;

/// <summary>Reads 8-bit binary PGM (P5) and PPM (P6) as DCMTK writes them; colour becomes gray with our luma weights.</summary>
internal static class PgmFile
{
    public static GrayImage? Decode(ReadOnlySpan<byte> data, ImageDecodingOptions options, out string? reason)
    {
        if (data.Length < 2 || data[0] != (byte)'P' || data[1] is not ((byte)'5' or (byte)'6'))
        {
            reason = "not a binary PGM or PPM";
            return null;
        }

        var channels = data[1] == (byte)'6' ? 3 : 1;
        var position = 2;
        Span<long> values = stackalloc long[3];
        for (var i = 0; i < 3; i++)
        {
            if (!TryReadNumber(data, ref position, out values[i]))
            {
                reason = "damaged PGM header";
                return null;
            }
        }

        long width = values[0], height = values[1], max = values[2];
        if (max is < 1 or > 255)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"PGM with maximum value {max}; 8-bit expected");
            return null;
        }

        reason = options.CheckDeclaredSize(width, height);
        if (reason is not null)
        {
            return null;
        }

        // Exactly one white-space byte separates the header from the pixels.
        position++;
        var count = width * height * channels;
        if (data.Length - position < count)
        {
            reason = "truncated PGM pixel data";
            return null;
        }

        var pixels = data.Slice(position, (int)count);
        var gray = new byte[width * height];
        if (channels == 1)
        {
            pixels.CopyTo(gray);
        }
        else
        {
            for (int i = 0, j = 0; i < gray.Length; i++, j += 3)
            {
                gray[i] = RadiographDecoder.Luma8(pixels[j], pixels[j + 1], pixels[j + 2]);
            }
        }

        if (max != 255)
        {
            for (var i = 0; i < gray.Length; i++)
            {
                gray[i] = (byte)Math.Min(255, ((gray[i] * 255) + (max / 2)) / max);
            }
        }

        return new GrayImage((int)width, (int)height, gray);
    }

    private static bool TryReadNumber(ReadOnlySpan<byte> data, ref int position, out long value)
    {
        value = 0;
        while (position < data.Length)
        {
            if (data[position] == (byte)'#')
            {
                while (position < data.Length && data[position] != (byte)'\n')
                {
                    position++;
                }
            }
            else if (data[position] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                position++;
            }
            else
            {
                break;
            }
        }

        var digits = 0;
        while (position < data.Length && data[position] is >= (byte)'0' and <= (byte)'9' && digits < 10)
        {
            value = (value * 10) + (data[position] - (byte)'0');
            position++;
            digits++;
        }

        return digits > 0 && position < data.Length;
    }
}
