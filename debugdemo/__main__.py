from debugdemo.cli import main

main()
