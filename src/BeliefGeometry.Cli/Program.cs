using BeliefGeometry.Cli;

return BeliefApp.Run(args, Console.Out, Console.Error);
