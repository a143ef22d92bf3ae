using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace JointDislocation.ML.Tests.Deploy;

/// <summary>
/// A real one-node Slurm cluster on this machine, for as long as a test needs it: its own munged on a private socket
/// and key (so a system munged is neither needed nor disturbed), slurmctld and slurmd from a generated slurm.conf in a
/// temporary folder, on free ports, with a unique cluster name. The daemons run in the foreground as children of the
/// test and are stopped by their process ids.
/// </summary>
internal sealed class SlurmCluster : IDisposable
{
    private static readonly string[] Binaries = ["/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch", "/usr/bin/squeue", "/usr/bin/scontrol", "/usr/bin/sinfo"];
    private readonly List<Process> _daemons = [];

    private SlurmCluster(string folder)
    {
        Folder = folder;
        Config = Path.Combine(folder, "slurm.conf");
    }

    public string Folder { get; }

    public string Config { get; }

    /// <summary>The Slurm and munge programs this needs, when one is missing (then the test is ignored).</summary>
    public static string? MissingBinary() => Binaries.FirstOrDefault(b => !File.Exists(b));

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static SlurmCluster Start(string folder)
    {
        var cluster = new SlurmCluster(folder);
        try
        {
            cluster.StartDaemons();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Runs a Slurm client command against this cluster.</summary>
    public (int ExitCode, string Output) Client(string program, string arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        start.Environment["SLURM_CONF"] = Config;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {arguments} did not finish in 60 s.");
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>Submits a batch script and returns the job id.</summary>
    public string Submit(string arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (exitCode, output) = Client("/usr/bin/sbatch", "--parsable " + arguments, environment);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"sbatch {arguments} failed ({exitCode}): {output}\n{Logs()}");
        }

        return output.Trim().Split(';')[0];
    }

    /// <summary>Waits until none of the jobs is pending, running or completing.</summary>
    public void WaitFor(TimeSpan bound, params string[] jobs)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < bound)
        {
            var (exitCode, output) = Client("/usr/bin/squeue", $"-h -o %i -j {string.Join(',', jobs)}");
            if (exitCode == 0 && output.Trim().Length == 0)
            {
                return;
            }

            Thread.Sleep(500);
        }

        throw new TimeoutException($"jobs {string.Join(", ", jobs)} did not finish in {bound}.\n{Client("/usr/bin/squeue", "").Output}\n{Logs()}");
    }

    /// <summary>A finished job's exit code (the program's status, from <c>scontrol show job</c>).</summary>
    public int ExitCode(string job)
    {
        var (_, output) = Client("/usr/bin/scontrol", $"show job {job}");
        var field = output.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(f => f.StartsWith("ExitCode=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no ExitCode for job {job}: {output}");
        return int.Parse(field["ExitCode=".Length..].Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Logs()
    {
        var text = new StringBuilder();
        foreach (var log in new[] { "slurmctld.log", "slurmd.log", "munged.log" }.Select(n => Path.Combine(Folder, n)).Where(File.Exists))
        {
            var lines = File.ReadAllLines(log);
            text.Append("--- ").Append(Path.GetFileName(log)).AppendLine(" (last lines)").AppendJoin('\n', lines.TakeLast(15)).AppendLine();
        }

        return text.ToString();
    }

    public void Dispose()
    {
        // slurmd first, then slurmctld, then munged: each by the process id this object started.
        for (var i = _daemons.Count - 1; i >= 0; i--)
        {
            var daemon = _daemons[i];
            try
            {
                if (!daemon.HasExited)
                {
                    using (var term = Process.Start("kill", $"-TERM {daemon.Id}"))
                    {
                        term.WaitForExit(5_000);
                    }

                    if (!daemon.WaitForExit(15_000))
                    {
                        daemon.Kill();
                        daemon.WaitForExit(5_000);
                    }
                }
            }
            catch (InvalidOperationException)
            {
            }

            daemon.Dispose();
        }

        _daemons.Clear();
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void StartDaemons()
    {
        var munge = Path.Combine(Folder, "munge");
        Directory.CreateDirectory(munge);
        File.SetUnixFileMode(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(munge, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var key = Path.Combine(munge, "munge.key");
        File.WriteAllBytes(key, System.Security.Cryptography.RandomNumberGenerator.GetBytes(128));
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var socket = Path.Combine(munge, "munge.socket");
        // --force: munged refuses root and a socket folder others cannot enter unless told; this private one is fine.
        Launch("/usr/sbin/munged", $"-F --force -S {socket} --key-file={key} --pid-file={munge}/munged.pid --log-file={Folder}/munged.log --seed-file={munge}/munged.seed");
        WaitUntil(() => File.Exists(socket), TimeSpan.FromSeconds(20), "munged did not create its socket");

        var host = Environment.MachineName.Split('.')[0];
        var user = Environment.UserName;
        var controllerPort = FreePort();
        var nodePort = FreePort();
        while (nodePort == controllerPort)
        {
            nodePort = FreePort();
        }

        Directory.CreateDirectory(Path.Combine(Folder, "state"));
        Directory.CreateDirectory(Path.Combine(Folder, "spool"));
        File.WriteAllText(Config, $"""
            ClusterName=jdml{Guid.NewGuid().ToString("N")[..8]}
            SlurmctldHost={host}(127.0.0.1)
            SlurmctldPort={controllerPort}
            SlurmdPort={nodePort}
            SlurmUser={user}
            SlurmdUser={user}
            AuthType=auth/munge
            CredType=cred/munge
            AuthInfo=socket={socket}
            StateSaveLocation={Folder}/state
            SlurmdSpoolDir={Folder}/spool
            SlurmctldPidFile={Folder}/slurmctld.pid
            SlurmdPidFile={Folder}/slurmd.pid
            SlurmctldLogFile={Folder}/slurmctld.log
            SlurmdLogFile={Folder}/slurmd.log
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            SchedulerType=sched/backfill
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core
            ReturnToService=2
            MpiDefault=none
            JobCompType=jobcomp/none
            AccountingStorageType=accounting_storage/none
            JobAcctGatherType=jobacct_gather/none
            SwitchType=switch/none
            MinJobAge=600
            NodeName={host} NodeAddr=127.0.0.1 CPUs={Environment.ProcessorCount} RealMemory=2000 State=UNKNOWN
            PartitionName=jdml Nodes={host} Default=YES MaxTime=INFINITE State=UP

            """);
        Launch("/usr/sbin/slurmctld", $"-D -i -f {Config}");
        Launch("/usr/sbin/slurmd", $"-D -f {Config}");
        WaitUntil(() =>
        {
            var (code, output) = Client("/usr/bin/sinfo", "-h -o %T");
            return code == 0 && output.Trim() == "idle";
        }, TimeSpan.FromSeconds(60), "the node did not become idle");
    }

    private void Launch(string program, string arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        start.Environment["SLURM_CONF"] = Config;
        var process = Process.Start(start)!;
        var name = Path.GetFileName(program);
        // Drain the daemons' own output into files, so that a full pipe never blocks them.
        _ = process.StandardOutput.BaseStream.CopyToAsync(File.Create(Path.Combine(Folder, name + ".stdout")));
        _ = process.StandardError.BaseStream.CopyToAsync(File.Create(Path.Combine(Folder, name + ".stderr")));
        _daemons.Add(process);
    }

    private void WaitUntil(Func<bool> condition, TimeSpan bound, string failure)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > bound || _daemons.Any(d => d.HasExited))
            {
                var exited = string.Join(", ", _daemons.Where(d => d.HasExited).Select(d => $"{d.StartInfo.FileName} exited {d.ExitCode}"));
                throw new InvalidOperationException($"{failure} within {bound}. {exited}\n{Logs()}");
            }

            Thread.Sleep(250);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
