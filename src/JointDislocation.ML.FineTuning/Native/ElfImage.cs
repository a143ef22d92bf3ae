using System.Buffers.Binary;
using System.Text;

namespace JointDislocation.ML.FineTuning.Native;

/// <summary>
/// A 64-bit little-endian ELF shared object held in memory, read through its section headers only (what
/// <see cref="ElfVersionPatcher"/> needs: the dynamic symbols, their versions and the version needs and definitions).
/// Every offset is checked against the file's length, so a cut or foreign file gives a reason, never an exception from
/// deep inside.
/// </summary>
internal sealed class ElfImage
{
    internal const uint SectionDynamicSymbols = 11;
    internal const uint SectionRela = 4;
    internal const uint SectionRel = 9;
    internal const uint SectionVersionDefinitions = 0x6ffffffd;
    internal const uint SectionVersionNeeds = 0x6ffffffe;
    internal const uint SectionSymbolVersions = 0x6fffffff;

    private const int SectionHeaderSize = 64;

    private ElfImage(byte[] bytes, string source, IReadOnlyList<ElfSection> sections)
    {
        Bytes = bytes;
        Source = source;
        Sections = sections;
    }

    /// <summary>The file's bytes; the patcher edits them in place.</summary>
    internal byte[] Bytes { get; }

    /// <summary>Where the bytes came from, for messages.</summary>
    internal string Source { get; }

    internal IReadOnlyList<ElfSection> Sections { get; }

    /// <summary>Reads the section table or throws <see cref="InvalidDataException"/> naming the source and the reason.</summary>
    internal static ElfImage Parse(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 64 || bytes[0] != 0x7F || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
        {
            throw new InvalidDataException($"{source}: not an ELF file (it does not start with the bytes 7F 45 4C 46).");
        }

        if (bytes[4] != 2)
        {
            throw new InvalidDataException($"{source}: ELF class {bytes[4]} is not supported; only 64-bit ELF (class 2) is.");
        }

        if (bytes[5] != 1)
        {
            throw new InvalidDataException($"{source}: ELF data encoding {bytes[5]} is not supported; only little-endian (1) is.");
        }

        var span = bytes.AsSpan();
        var sectionTable = BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        if (count == 0 || entrySize != SectionHeaderSize || sectionTable + ((ulong)count * SectionHeaderSize) > (ulong)bytes.Length)
        {
            throw new InvalidDataException($"{source}: the ELF section header table (offset {sectionTable}, {count} entries of {entrySize} bytes) does not lie inside the file's {bytes.Length} bytes.");
        }

        var sections = new List<ElfSection>(count);
        for (var i = 0; i < count; i++)
        {
            var header = span.Slice((int)sectionTable + (i * SectionHeaderSize), SectionHeaderSize);
            var section = new ElfSection(
                i,
                BinaryPrimitives.ReadUInt32LittleEndian(header[4..]),
                BinaryPrimitives.ReadUInt64LittleEndian(header[24..]),
                BinaryPrimitives.ReadUInt64LittleEndian(header[32..]),
                BinaryPrimitives.ReadUInt32LittleEndian(header[40..]),
                BinaryPrimitives.ReadUInt32LittleEndian(header[44..]),
                BinaryPrimitives.ReadUInt64LittleEndian(header[56..]));
            if (section.Type != 8 && section.Offset + section.Size > (ulong)bytes.Length)
            {
                throw new InvalidDataException($"{source}: ELF section {i} (type 0x{section.Type:x}) runs past the end of the file.");
            }

            sections.Add(section);
        }

        return new ElfImage(bytes, source, sections);
    }

    /// <summary>The one section of a type, or null when there is none.</summary>
    internal ElfSection? Find(uint type) => Sections.FirstOrDefault(s => s.Type == type);

    internal ElfSection Section(int index) =>
        index >= 0 && index < Sections.Count
            ? Sections[index]
            : throw new InvalidDataException($"{Source}: a section links to section {index}, which does not exist.");

    /// <summary>A NUL-terminated string at <paramref name="offset"/> inside a string table section.</summary>
    internal string String(ElfSection table, uint offset)
    {
        if (offset >= table.Size)
        {
            throw new InvalidDataException($"{Source}: string offset {offset} lies outside its string table ({table.Size} bytes).");
        }

        var start = (int)(table.Offset + offset);
        var end = Array.IndexOf(Bytes, (byte)0, start, (int)(table.Size - offset));
        if (end < 0)
        {
            throw new InvalidDataException($"{Source}: a string at offset {offset} has no terminating NUL inside its table.");
        }

        return Encoding.ASCII.GetString(Bytes, start, end - start);
    }

    /// <summary>A span of <paramref name="length"/> bytes at <paramref name="offset"/>, checked against the section.</summary>
    internal Span<byte> At(ElfSection section, ulong offset, int length)
    {
        if (offset + (ulong)length > section.Size)
        {
            throw new InvalidDataException($"{Source}: a record at offset {offset} runs past the end of section {section.Index} ({section.Size} bytes).");
        }

        return Bytes.AsSpan((int)(section.Offset + offset), length);
    }
}

/// <summary>One section header's fields that the patcher reads.</summary>
internal sealed record ElfSection(int Index, uint Type, ulong Offset, ulong Size, uint Link, uint Info, ulong EntrySize);
