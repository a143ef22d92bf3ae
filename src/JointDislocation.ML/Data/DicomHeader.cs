using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace JointDislocation.ML.Data;

/// <summary>
/// What a DICOM file's header says, read by our own small parser before any DCMTK tool sees the file: the transfer
/// syntax, the image attributes that decide whether it is decoded at all, and whether it holds pixel data. Of the
/// patient and study attributes only Patient ID and Study Instance UID are read, into memory only (they group
/// cross-validation folds and count patients on both sides of a split; nothing writes them anywhere); names,
/// birth dates, institutions and the rest are skipped, never read into memory as text.
/// </summary>
internal sealed record DicomHeader
{
    /// <summary>Explicit VR little endian, the default.</summary>
    public const string ExplicitLittle = "1.2.840.10008.1.2.1";

    private const int MaxDepth = 16;

    public string TransferSyntax { get; private set; } = ExplicitLittle;

    public int Rows { get; private set; }

    public int Columns { get; private set; }

    public int Frames { get; private set; } = 1;

    public int BitsAllocated { get; private set; }

    public int BitsStored { get; private set; }

    public int SamplesPerPixel { get; private set; } = 1;

    public string Photometric { get; private set; } = "";

    public bool HasPixelData { get; private set; }

    public bool HasWindow { get; private set; }

    /// <summary>The declared length of native pixel data; -1 when encapsulated (compressed).</summary>
    public long PixelDataLength { get; private set; } = -1;

    public bool HasVoiLut { get; private set; }

    /// <summary>Patient ID (0010,0020), in memory only; never written anywhere.</summary>
    public string? PatientId { get; private set; }

    /// <summary>Study Instance UID (0020,000D), in memory only; never written anywhere.</summary>
    public string? StudyInstanceUid { get; private set; }

    /// <summary>The values of the attributes a <see cref="DicomSelection"/> may test, by tag; absent ones are missing.</summary>
    public IReadOnlyDictionary<uint, string> SelectionAttributes => _selection;

    private readonly Dictionary<uint, string> _selection = [];

    /// <summary>Whether the bytes start with a 128-byte preamble and <c>DICM</c>.</summary>
    public static bool HasPreamble(ReadOnlySpan<byte> data) =>
        data.Length >= 132 && data[128] == (byte)'D' && data[129] == (byte)'I' && data[130] == (byte)'C' && data[131] == (byte)'M';

    /// <summary>
    /// Whether the bytes are DICOM: a 128-byte preamble and <c>DICM</c>, or a file without them that starts like a
    /// data set (<see cref="ImageFormatSniffer"/>'s rule).
    /// </summary>
    public static bool IsDicom(ReadOnlySpan<byte> data) =>
        HasPreamble(data) || ImageFormatSniffer.LooksLikeDicomWithoutPreamble(data[..Math.Min(data.Length, ImageFormatSniffer.PrefixLength)]);

    /// <summary>Parses the header of a Part 10 file, or says why it cannot.</summary>
    /// <param name="data">The file's bytes, or its first bytes.</param>
    /// <param name="maxInflatedBytes">The most a deflated data set may inflate to.</param>
    /// <param name="reason">Why the header was refused.</param>
    /// <param name="fileLength">The whole file's length when <paramref name="data"/> holds only its start; -1 when it is whole.</param>
    public static DicomHeader? TryParse(ReadOnlySpan<byte> data, long maxInflatedBytes, out string? reason, long fileLength = -1)
    {
        // The parser checks every length it reads; this is the last guard, so that no crafted file can crash a run.
        try
        {
            return Parse(data, maxInflatedBytes, out reason, fileLength);
        }
        catch (Exception exception) when (exception is ArgumentOutOfRangeException or ArgumentException or OverflowException or IndexOutOfRangeException)
        {
            reason = "damaged DICOM: the header cannot be parsed";
            return null;
        }
    }

    private static DicomHeader? Parse(ReadOnlySpan<byte> data, long maxInflatedBytes, out string? reason, long fileLength)
    {
        var preamble = HasPreamble(data);
        if (!preamble && !IsDicom(data))
        {
            reason = "not a DICOM file (no 'DICM' at byte 128, and it does not start like a DICOM data set)";
            return null;
        }

        var header = new DicomHeader();
        var meta = new Reader(data.ToArray(), preamble ? 132 : 0, explicitVr: true, littleEndian: true);
        if (!preamble && meta.PeekGroup() != 0x0002)
        {
            // A bare data set without file meta information: little endian, explicit VR when a VR's two capital
            // letters follow the first tag, else implicit (DCMTK's tools guess the same way).
            header.TransferSyntax = char.IsAsciiLetterUpper((char)data[4]) && char.IsAsciiLetterUpper((char)data[5])
                ? ExplicitLittle
                : "1.2.840.10008.1.2";
        }

        // File meta information: group 0002, always explicit VR little endian.
        while (meta.Position + 8 <= meta.Length && meta.PeekGroup() == 0x0002)
        {
            if (!meta.TryReadElement(out var tag, out var vr, out var length, out reason))
            {
                return null;
            }

            if (length == Reader.Undefined)
            {
                reason = "damaged DICOM: a file meta element of undefined length";
                return null;
            }

            if (tag == 0x00020010)
            {
                header.TransferSyntax = meta.ReadText(length);
            }
            else
            {
                meta.Skip(length);
            }

            _ = vr;
        }

        var bytes = meta.Bytes;
        var start = meta.Position;
        var explicitVr = header.TransferSyntax != "1.2.840.10008.1.2";
        var littleEndian = header.TransferSyntax != "1.2.840.10008.1.2.2";
        if (header.TransferSyntax == "1.2.840.10008.1.2.1.99")
        {
            bytes = Inflate(bytes, start, maxInflatedBytes, out reason);
            if (bytes is null)
            {
                return null;
            }

            start = 0;
        }

        var reader = new Reader(bytes, start, explicitVr, littleEndian)
        {
            Total = fileLength >= 0 && ReferenceEquals(bytes, meta.Bytes) ? fileLength : bytes.Length,
        };
        if (!header.ReadDataset(reader, reader.Length, 0, out reason))
        {
            return null;
        }

        reason = null;
        return header;
    }

    private static byte[]? Inflate(byte[] bytes, int start, long maxBytes, out string? reason)
    {
        try
        {
            using var input = new MemoryStream(bytes, start, bytes.Length - start);
            using var deflate = new DeflateStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = deflate.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, read);
                if (output.Length > maxBytes)
                {
                    reason = $"deflated DICOM data set inflates past the limit of {maxBytes} bytes";
                    return null;
                }
            }

            reason = null;
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            reason = "damaged DICOM: the deflated data set cannot be inflated";
            return null;
        }
    }

    /// <summary>Reads a data set (depth 0) or a sequence item up to <paramref name="end"/>; an item of undefined length must close with its delimiter.</summary>
    private bool ReadDataset(Reader reader, long end, int depth, out string? reason, bool undefinedLength = false)
    {
        if (depth > MaxDepth)
        {
            reason = $"damaged DICOM: sequences nested deeper than {MaxDepth}";
            return false;
        }

        while (reader.Position < end)
        {
            if (reader.Position + 8 > end)
            {
                reason = "truncated DICOM: an element header is cut off";
                return false;
            }

            if (!reader.TryReadElement(out var tag, out var vr, out var length, out reason))
            {
                return false;
            }

            if (tag == 0xFFFEE00D)
            {
                // Item delimitation: the end of an item of undefined length.
                return depth > 0 || Fail("damaged DICOM: an item delimiter outside a sequence", out reason);
            }

            if (tag == 0x7FE00010 && depth == 0)
            {
                HasPixelData = true;
                if (length != Reader.Undefined && length > reader.Total - reader.Position)
                {
                    reason = $"truncated DICOM: pixel data declares {length} bytes, {reader.Total - reader.Position} remain";
                    return false;
                }

                PixelDataLength = length == Reader.Undefined ? -1 : length;
                reason = null;
                return true;
            }

            if (length == Reader.Undefined || vr == "SQ")
            {
                if (!SkipSequence(reader, length, end, depth, out reason))
                {
                    return false;
                }

                if (tag == 0x00283010)
                {
                    HasVoiLut = true;
                }

                continue;
            }

            if (length > end - reader.Position)
            {
                reason = string.Create(CultureInfo.InvariantCulture,
                    $"damaged DICOM: element ({tag >> 16:X4},{tag & 0xFFFF:X4}) declares {length} bytes, only {end - reader.Position} remain");
                return false;
            }

            if (depth == 0)
            {
                Record(reader, tag, (int)length);
            }
            else
            {
                reader.Skip(length);
            }
        }

        // An item of explicit length ends where its length says; one of undefined length must have met its delimiter.
        reason = undefinedLength ? "truncated DICOM: a sequence is cut off" : null;
        return !undefinedLength;
    }

    private bool SkipSequence(Reader reader, long length, long end, int depth, out string? reason)
    {
        var sequenceEnd = length == Reader.Undefined ? end : reader.Position + length;
        if (sequenceEnd > end)
        {
            reason = $"damaged DICOM: a sequence declares {length} bytes, only {end - reader.Position} remain";
            return false;
        }

        while (reader.Position < sequenceEnd)
        {
            if (reader.Position + 8 > sequenceEnd)
            {
                return Fail("truncated DICOM: a sequence item header is cut off", out reason);
            }

            var tag = reader.ReadTag();
            var itemLength = reader.ReadUInt32();
            if (tag == 0xFFFEE0DD)
            {
                reason = null;
                return length == Reader.Undefined || Fail("damaged DICOM: a delimiter in a sequence of defined length", out reason);
            }

            if (tag != 0xFFFEE000)
            {
                return Fail("damaged DICOM: a sequence holds something other than items", out reason);
            }

            if (itemLength == Reader.Undefined)
            {
                if (!ReadDataset(reader, sequenceEnd, depth + 1, out reason, undefinedLength: true))
                {
                    return false;
                }
            }
            else
            {
                if (itemLength > sequenceEnd - reader.Position)
                {
                    return Fail($"damaged DICOM: a sequence item declares {itemLength} bytes, only {sequenceEnd - reader.Position} remain", out reason);
                }

                var itemEnd = reader.Position + itemLength;
                if (!ReadDataset(reader, itemEnd, depth + 1, out reason))
                {
                    return false;
                }

                reader.Position = (int)itemEnd;
            }
        }

        reason = null;
        return length != Reader.Undefined || Fail("truncated DICOM: a sequence of undefined length is not closed", out reason);
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static bool Fail(string message, out string? reason)
    {
        reason = message;
        return false;
    }

    private void Record(Reader reader, uint tag, int length)
    {
        switch (tag)
        {
            case 0x00280010: Rows = reader.ReadUInt16Value(length); break;
            case 0x00280011: Columns = reader.ReadUInt16Value(length); break;
            case 0x00280100: BitsAllocated = reader.ReadUInt16Value(length); break;
            case 0x00280101: BitsStored = reader.ReadUInt16Value(length); break;
            case 0x00280002: SamplesPerPixel = reader.ReadUInt16Value(length); break;
            case 0x00280004: Photometric = reader.ReadText(length); break;
            case 0x00280008:
                var text = reader.ReadText(length);
                Frames = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var frames) ? frames : -1;
                break;
            case 0x00281050:
                HasWindow = length > 0;
                reader.Skip(length);
                break;
            case 0x00100020:
                PatientId = NullIfEmpty(reader.ReadLatin1(length));
                break;
            case 0x0020000D:
                StudyInstanceUid = NullIfEmpty(reader.ReadLatin1(length));
                break;
            default:
                if (DicomSelection.IsSelectable(tag))
                {
                    _selection[tag] = reader.ReadLatin1(length);
                }
                else
                {
                    reader.Skip(length);
                }

                break;
        }
    }

    /// <summary>A cursor over the bytes of a data set in one transfer syntax.</summary>
    private sealed class Reader(byte[] bytes, int position, bool explicitVr, bool littleEndian)
    {
        public const uint Undefined = 0xFFFFFFFF;

        public byte[] Bytes { get; } = bytes;

        public int Position { get; set; } = position;

        public int Length => Bytes.Length;

        /// <summary>The whole data set's length, which is more than <see cref="Length"/> when only the start was read.</summary>
        public long Total { get; init; } = bytes.Length;

        public ushort PeekGroup() => BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(Position));

        public uint ReadTag()
        {
            var group = ReadUInt16();
            var element = ReadUInt16();
            return ((uint)group << 16) | element;
        }

        public ushort ReadUInt16()
        {
            var span = Bytes.AsSpan(Position, 2);
            Position += 2;
            return littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(span) : BinaryPrimitives.ReadUInt16BigEndian(span);
        }

        public uint ReadUInt32()
        {
            var span = Bytes.AsSpan(Position, 4);
            Position += 4;
            return littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(span) : BinaryPrimitives.ReadUInt32BigEndian(span);
        }

        public bool TryReadElement(out uint tag, out string vr, out long length, out string? reason)
        {
            reason = null;
            tag = ReadTag();
            vr = "";

            // Items and delimiters (group FFFE) carry no VR in any syntax.
            if (!explicitVr || tag >> 16 == 0xFFFE)
            {
                length = ReadUInt32();
                return true;
            }

            vr = Encoding.ASCII.GetString(Bytes, Position, 2);
            Position += 2;
            if (vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ" or "SV" or "UC" or "UN" or "UR" or "UT" or "UV")
            {
                if (Position + 6 > Length)
                {
                    length = 0;
                    reason = "truncated DICOM: an element header is cut off";
                    return false;
                }

                Position += 2;
                length = ReadUInt32();
            }
            else
            {
                length = ReadUInt16();
            }

            return true;
        }

        public void Skip(long length) => Position = (int)Math.Min(Length, Position + length);

        public ushort ReadUInt16Value(int length)
        {
            if (length < 2)
            {
                Skip(length);
                return 0;
            }

            var value = ReadUInt16();
            Skip(length - 2);
            return value;
        }

        /// <summary>Text read byte for byte (Latin-1), so that different bytes never read as the same text.</summary>
        public string ReadLatin1(long length)
        {
            var count = (int)Math.Min(length, Length - Position);
            var text = Encoding.Latin1.GetString(Bytes, Position, count).Trim('\0', ' ');
            Position += count;
            return text;
        }

        public string ReadText(long length)
        {
            var count = (int)Math.Min(length, Length - Position);
            var text = Encoding.ASCII.GetString(Bytes, Position, count).TrimEnd('\0', ' ');
            Position += count;
            return text;
        }
    }
}
