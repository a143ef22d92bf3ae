using System.Buffers.Binary;

namespace JointDislocation.ML.FineTuning.Native;

/// <summary>
/// Reads and edits the GNU symbol versioning of 64-bit little-endian ELF shared objects, in memory: which versions a
/// library defines (<c>.gnu.version_d</c>), and how to make one version that a library needs optional
/// (<c>.gnu.version_r</c> and <c>.gnu.version</c>). It exists for one case, TorchSharp's native wrapper on
/// Debian 12 / Ubuntu 22.04 (see docs/training.md, "Fine-tuning"), but it is written against the ELF format only.
/// </summary>
public static class ElfVersionPatcher
{
    /// <summary><c>VER_FLG_WEAK</c>: the loader only warns when a weak version need is not met.</summary>
    public const ushort WeakVersionFlag = 0x2;

    /// <summary><c>VER_NDX_GLOBAL</c>: the symbol version index of an unversioned global symbol.</summary>
    public const ushort GlobalVersionIndex = 1;

    /// <summary>The version names that an ELF shared object defines (<c>.gnu.version_d</c>), such as <c>GLIBCXX_3.4.30</c>.</summary>
    /// <param name="image">The file's bytes.</param>
    /// <param name="source">The file's name, for messages.</param>
    /// <returns>The names, in file order; empty when the file defines no versions.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a readable 64-bit little-endian ELF file.</exception>
    public static IReadOnlyList<string> DefinedVersions(byte[] image, string source)
    {
        var elf = ElfImage.Parse(image, source);
        var definitions = elf.Find(ElfImage.SectionVersionDefinitions);
        if (definitions is null)
        {
            return [];
        }

        var strings = elf.Section((int)definitions.Link);
        var names = new List<string>();
        ulong offset = 0;
        for (var i = 0; i < definitions.Info; i++)
        {
            var definition = elf.At(definitions, offset, 20);
            var auxiliary = BinaryPrimitives.ReadUInt32LittleEndian(definition[12..]);
            var next = BinaryPrimitives.ReadUInt32LittleEndian(definition[16..]);
            var firstName = elf.At(definitions, offset + auxiliary, 8);
            names.Add(elf.String(strings, BinaryPrimitives.ReadUInt32LittleEndian(firstName)));
            if (next == 0)
            {
                break;
            }

            offset += next;
        }

        return names;
    }

    /// <summary>
    /// Makes the version need <paramref name="version"/> optional: its <c>Vernaux</c> entry in <c>.gnu.version_r</c>
    /// gets <see cref="WeakVersionFlag"/>, and every dynamic symbol bound to it becomes unversioned
    /// (<see cref="GlobalVersionIndex"/> in <c>.gnu.version</c>), so the loader neither rejects the library for the
    /// missing version nor looks for the symbol at that version. Refuses (changing nothing) when such a symbol is
    /// defined in the file or used by a relocation, because then the library would really need it.
    /// </summary>
    /// <param name="image">The file's bytes; edited in place only when the call succeeds.</param>
    /// <param name="source">The file's name, for messages.</param>
    /// <param name="version">The version name, such as <c>GLIBCXX_3.4.32</c>.</param>
    /// <returns>What was changed.</returns>
    /// <exception cref="InvalidDataException">
    /// The bytes are not a readable 64-bit little-endian ELF file, the file does not need <paramref name="version"/>,
    /// or a symbol of that version is defined or relocated against.
    /// </exception>
    public static ElfPatchReport WeakenVersionNeed(byte[] image, string source, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        var elf = ElfImage.Parse(image, source);
        var needs = elf.Find(ElfImage.SectionVersionNeeds)
            ?? throw new InvalidDataException($"{source}: the file has no .gnu.version_r section, so it needs no symbol versions.");
        var versions = elf.Find(ElfImage.SectionSymbolVersions)
            ?? throw new InvalidDataException($"{source}: the file has no .gnu.version section.");
        var symbols = elf.Section((int)versions.Link);
        if (symbols.Type != ElfImage.SectionDynamicSymbols || symbols.EntrySize != 24)
        {
            throw new InvalidDataException($"{source}: .gnu.version does not link to a 64-bit dynamic symbol table.");
        }

        var (auxiliaryOffset, library, index, alreadyWeak) = FindNeed(elf, needs, version);
        var symbolStrings = elf.Section((int)symbols.Link);
        var count = (int)(symbols.Size / 24);
        var bound = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var versionIndex = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(elf.At(versions, (ulong)i * 2, 2)) & 0x7fff);
            if (versionIndex == index)
            {
                bound.Add(i);
            }
        }

        var names = new List<string>();
        foreach (var i in bound)
        {
            var symbol = elf.At(symbols, (ulong)i * 24, 24);
            var name = elf.String(symbolStrings, BinaryPrimitives.ReadUInt32LittleEndian(symbol));
            if (BinaryPrimitives.ReadUInt16LittleEndian(symbol[6..]) != 0)
            {
                throw new InvalidDataException($"{source}: symbol {name} of version {version} is defined in the file, not imported; refusing to change it.");
            }

            names.Add(name);
        }

        var relocated = RelocatedSymbols(elf, symbols.Index);
        var used = bound.Where(relocated.Contains).Select(i => names[bound.IndexOf(i)]).ToList();
        if (used.Count > 0)
        {
            throw new InvalidDataException($"{source}: relocations use {string.Join(", ", used)} at version {version}, so the library really calls it; making the version optional would leave it unresolved.");
        }

        var flags = elf.At(needs, auxiliaryOffset + 4, 2);
        BinaryPrimitives.WriteUInt16LittleEndian(flags, (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(flags) | WeakVersionFlag));
        foreach (var i in bound)
        {
            var entry = elf.At(versions, (ulong)i * 2, 2);
            BinaryPrimitives.WriteUInt16LittleEndian(entry, GlobalVersionIndex);
        }

        return new ElfPatchReport(version, library, index, alreadyWeak, names);
    }

    private static (ulong AuxiliaryOffset, string Library, ushort Index, bool AlreadyWeak) FindNeed(ElfImage elf, ElfSection needs, string version)
    {
        var strings = elf.Section((int)needs.Link);
        ulong offset = 0;
        for (var i = 0; i < needs.Info; i++)
        {
            var need = elf.At(needs, offset, 16);
            var auxiliaries = BinaryPrimitives.ReadUInt16LittleEndian(need[2..]);
            var library = elf.String(strings, BinaryPrimitives.ReadUInt32LittleEndian(need[4..]));
            var auxiliary = offset + BinaryPrimitives.ReadUInt32LittleEndian(need[8..]);
            var next = BinaryPrimitives.ReadUInt32LittleEndian(need[12..]);
            for (var j = 0; j < auxiliaries; j++)
            {
                var entry = elf.At(needs, auxiliary, 16);
                var name = elf.String(strings, BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]));
                if (name == version)
                {
                    var flags = BinaryPrimitives.ReadUInt16LittleEndian(entry[4..]);
                    var index = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(entry[6..]) & 0x7fff);
                    return (auxiliary, library, index, (flags & WeakVersionFlag) != 0);
                }

                var step = BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]);
                if (step == 0)
                {
                    break;
                }

                auxiliary += step;
            }

            if (next == 0)
            {
                break;
            }

            offset += next;
        }

        throw new InvalidDataException($"{elf.Source}: the file does not need version {version} (it is not in .gnu.version_r).");
    }

    private static HashSet<int> RelocatedSymbols(ElfImage elf, int symbolTable)
    {
        var used = new HashSet<int>();
        foreach (var section in elf.Sections.Where(s => (s.Type == ElfImage.SectionRela || s.Type == ElfImage.SectionRel) && s.Link == symbolTable))
        {
            var size = section.Type == ElfImage.SectionRela ? 24 : 16;
            for (ulong offset = 0; offset + (ulong)size <= section.Size; offset += (ulong)size)
            {
                var info = BinaryPrimitives.ReadUInt64LittleEndian(elf.At(section, offset + 8, 8));
                used.Add((int)(info >> 32));
            }
        }

        return used;
    }
}
