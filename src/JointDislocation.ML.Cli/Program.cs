using JointDislocation.ML.Cli;

return await JdmlApp.RunAsync(args, CliEnvironment.FromConsole());
