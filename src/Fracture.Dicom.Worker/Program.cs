using Fracture.Dicom.Worker;

return DicomWorker.Run(args, Console.Error);
