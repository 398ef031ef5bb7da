using BeliefGeometry.Cli;

ParentWatch.StartIfAsked();
return BeliefApp.Run(args, Console.Out, Console.Error);
