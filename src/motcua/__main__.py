from motcua.manage import main

main()
